package io.keyward.lock.model;

/**
 * A visitor passcode as the model knows it (SPEC E1, E2): one-time codes open once inside their
 * 6 hours, periodic ones again and again from their start hour to their end hour. Hours count from
 * the visitor-code epoch, as the app and lock count them.
 */
record VisitorSpec(String name, boolean oneTime, long fromHour, long untilHour, String codeId) {
}
