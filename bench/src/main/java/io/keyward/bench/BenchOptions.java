package io.keyward.bench;

/**
 * The command line of a bench tool (./keyward bench ingest, ./keyward bench unlock): whole-number
 * options, and a wrong one ends the tool with its usage line and status 2, before anything starts.
 */
final class BenchOptions {

    private final String tool;
    private final String usage;

    BenchOptions(String tool, String usage) {
        this.tool = tool;
        this.usage = usage;
    }

    /** The number after the option at {@code i - 1}; below {@code min} the tool stops with "option rule". */
    int number(String[] args, int i, int min, String rule) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a number");
        }
        try {
            int n = Integer.parseInt(args[i]);
            if (n < min) {
                usage(args[i - 1] + " " + rule);
            }
            return n;
        } catch (NumberFormatException e) {
            usage(args[i - 1] + " needs a number, not " + args[i]);
            return 0;
        }
    }

    void usage(String problem) {
        System.err.println(tool + ": " + problem);
        System.err.println(usage);
        System.exit(2);
    }
}
