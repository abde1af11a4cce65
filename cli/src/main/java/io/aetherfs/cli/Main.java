package io.aetherfs.cli;

/** The {@code afs} entry point: runs one command in this process's shell and exits with its status. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Afs.run(Shell.system(), args));
    }
}
