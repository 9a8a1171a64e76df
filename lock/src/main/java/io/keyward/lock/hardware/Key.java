package io.keyward.lock.hardware;

/** A key of the front keypad, named as in the panel API (0-9, ✓ OK, ↶ BACK, 🏡 HOME, 🔔 BELL). */
public enum Key {
    D0("0"), D1("1"), D2("2"), D3("3"), D4("4"), D5("5"), D6("6"), D7("7"), D8("8"), D9("9"),
    OK("OK"), BACK("BACK"), HOME("HOME"), BELL("BELL");

    private final String panelName;

    Key(String panelName) {
        this.panelName = panelName;
    }

    public String panelName() {
        return panelName;
    }

    public boolean isDigit() {
        return ordinal() <= D9.ordinal();
    }

    public char digit() {
        if (!isDigit()) {
            throw new IllegalStateException(this + " is not a digit");
        }
        return panelName.charAt(0);
    }

    /** The key with this panel name, or null when there is none. */
    public static Key fromPanelName(String name) {
        for (Key key : values()) {
            if (key.panelName.equals(name)) {
                return key;
            }
        }
        return null;
    }
}
