package dev.caretaker.cli;

/** Words of a command the CLI prints for a person to run: quoted only when the shell would split or expand them. */
final class Shell {
    private Shell() {
    }

    /** {@code ops/caretaker.yml} as it is; {@code 'my ops/caretaker.yml'} and {@code 'it'\''s'} quoted for a POSIX shell. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
