package dev.caretaker.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A lexer for PostgreSQL statements, enough to judge one that an action would run: it knows comments
 * ({@code --}, nested {@code /* *}{@code /}), string literals ({@code '…'}, {@code E'…'}, dollar quotes),
 * quoted identifiers, casts ({@code ::}) and named parameters ({@code :subject}), so a semicolon or a keyword
 * hidden in a comment or a string cannot fool it.
 */
public final class SqlText {
    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, SEMICOLON, OTHER }

    /** A token of the text; {@code start} and {@code end} are offsets into it. */
    public record Token(Kind kind, String text, int start, int end) {
        /** The word upper-cased, or "" for any other kind. */
        public String keyword() {
            return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
        }

        /** An identifier as PostgreSQL folds it: unquoted words lower-cased, quoted ones as written. */
        public String identifier() {
            return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT)
                    : kind == Kind.QUOTED_IDENTIFIER ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : "";
        }
    }

    private final String text;
    private final List<Token> tokens;

    private SqlText(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Every name in {@code sql} that could be a relation ({@code name} or {@code schema.name}, not a call), for the grants a
     * statement needs, written as SQL (quoted where needed); the database says later which are tables. None when the text does not lex.
     */
    public static List<String> relationNames(String sql) {
        List<Token> t;
        try {
            t = parse(sql).tokens();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < t.size(); i++) {
            String id = t.get(i).identifier();
            if (id.isEmpty() || i + 1 < t.size() && t.get(i + 1).text().equals("(") || i > 0 && t.get(i - 1).text().equals(".")) {
                continue;
            }
            // written back as SQL (quoted where the plain form would fold or mean something else): Prisma's "User" stays "User"
            if (i + 2 < t.size() && t.get(i + 1).text().equals(".") && !t.get(i + 2).identifier().isEmpty()) {
                out.add(Identifiers.quote(id) + "." + Identifiers.quote(t.get(i + 2).identifier()));
            } else {
                out.add(Identifiers.quote(id));
            }
        }
        return new ArrayList<>(out);
    }

    /** Tokenises {@code sql}; an unterminated string, quoted identifier or comment is an error. */
    public static SqlText parse(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = blockComment(sql, i);
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                int start = i;
                boolean backslash = c != '\'';
                i = quoted(sql, backslash ? i + 1 : i, '\'', backslash, "a string literal");
                out.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
            } else if (c == '"') {
                int start = i;
                i = quoted(sql, i, '"', false, "a quoted identifier");
                out.add(new Token(Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, i));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                if (close < 0) {
                    throw new IllegalArgumentException("the dollar-quoted string opened by " + tag + " at offset " + i + " is never closed");
                }
                out.add(new Token(Kind.STRING, sql.substring(i, close + tag.length()), i, close + tag.length()));
                i = close + tag.length();
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.add(new Token(Kind.OTHER, "::", i, i + 2));
                i += 2;
            } else if (c == ':' && i + 1 < n && isWordStart(sql.charAt(i + 1))) {
                int start = i++;
                while (i < n && isWordPart(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.PARAMETER, sql.substring(start, i), start, i));
            } else if (c == ';') {
                out.add(new Token(Kind.SEMICOLON, ";", i, i + 1));
                i++;
            } else if (isWordStart(c)) {
                int start = i;
                while (i < n && isWordPart(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
            } else {
                out.add(new Token(Kind.OTHER, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return new SqlText(sql, out);
    }

    public String text() {
        return text;
    }

    public List<Token> tokens() {
        return tokens;
    }

    /** How many statements the text holds: the non-empty stretches between semicolons. */
    public int statementCount() {
        int count = 0;
        boolean inStatement = false;
        for (Token t : tokens) {
            if (t.kind() == Kind.SEMICOLON) {
                inStatement = false;
            } else if (!inStatement) {
                inStatement = true;
                count++;
            }
        }
        return count;
    }

    /** The first keyword of the text, upper-cased, or "" when it holds no word. */
    public String firstKeyword() {
        return tokens.stream().filter(t -> t.kind() == Kind.WORD).findFirst().map(Token::keyword).orElse("");
    }

    /** Whether an identifier of the text names {@code table} ({@code name} or {@code schema.name}), quoted or not. */
    public boolean mentions(String table) {
        String wanted = table.toLowerCase(Locale.ROOT);
        String bare = wanted.contains(".") ? wanted.substring(wanted.lastIndexOf('.') + 1) : wanted;
        for (int i = 0; i < tokens.size(); i++) {
            String id = tokens.get(i).identifier();
            if (id.isEmpty()) {
                continue;
            }
            if (id.toLowerCase(Locale.ROOT).equals(bare)) {
                if (!wanted.contains(".")) {
                    return true;
                }
                String schema = wanted.substring(0, wanted.lastIndexOf('.'));
                boolean qualified = i >= 2 && tokens.get(i - 1).text().equals(".");
                if (!qualified || tokens.get(i - 2).identifier().toLowerCase(Locale.ROOT).equals(schema)) {
                    return true; // unqualified names may resolve to it through the search path
                }
            }
        }
        return false;
    }

    /**
     * Why {@code sql} is not one read-only query a check may run (SELECT, WITH … SELECT, VALUES or TABLE, and no
     * data-modifying WITH), or empty when it is.
     */
    public static java.util.Optional<String> notAQuery(String sql) {
        SqlText text;
        try {
            text = parse(sql);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("it cannot be read: " + e.getMessage());
        }
        if (text.statementCount() != 1) {
            return java.util.Optional.of("it holds " + text.statementCount() + " statements; a check runs exactly one query");
        }
        String verb = text.firstKeyword();
        if (!java.util.Set.of("SELECT", "WITH", "VALUES", "TABLE").contains(verb)) {
            return java.util.Optional.of("it is " + (verb.isEmpty() ? "no statement" : verb + " …") + ", not a query: a check runs one "
                    + "SELECT (or WITH … SELECT, VALUES, TABLE)");
        }
        for (int i = 1; i < text.tokens.size(); i++) {
            String kw = text.tokens.get(i).keyword();
            if (java.util.Set.of("INSERT", "UPDATE", "DELETE", "MERGE").contains(kw) && text.tokens.get(i - 1).text().equals("(")) {
                return java.util.Optional.of("it holds a data-modifying WITH (" + kw + "); a check only reads");
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The table an INSERT, UPDATE or DELETE writes, as written ({@code name} or {@code schema.name}, folded as PostgreSQL
     * folds identifiers); empty for any other statement.
     */
    public java.util.Optional<String> target() {
        List<Token> words = tokens;
        String verb = firstKeyword();
        if (!java.util.Set.of("INSERT", "UPDATE", "DELETE").contains(verb)) {
            return java.util.Optional.empty();
        }
        int i = 0;
        while (i < words.size() && !words.get(i).keyword().equals(verb)) {
            i++;
        }
        i++;
        while (i < words.size() && java.util.Set.of("INTO", "FROM", "ONLY").contains(words.get(i).keyword())) {
            i++;
        }
        if (i >= words.size() || words.get(i).identifier().isEmpty()) {
            return java.util.Optional.empty();
        }
        String name = words.get(i).identifier();
        if (i + 2 < words.size() && words.get(i + 1).text().equals(".") && !words.get(i + 2).identifier().isEmpty()) {
            name = name + "." + words.get(i + 2).identifier();
        }
        return java.util.Optional.of(name);
    }

    /** The named parameters in order of appearance, without the colon (repeats kept). */
    public List<String> parameters() {
        return tokens.stream().filter(t -> t.kind() == Kind.PARAMETER).map(t -> t.text().substring(1)).toList();
    }

    /** The text with each named parameter replaced by a JDBC {@code ?}, and without a trailing semicolon. */
    public String jdbc() {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Token t : tokens) {
            if (t.kind() == Kind.PARAMETER) {
                out.append(text, at, t.start()).append('?');
                at = t.end();
            }
        }
        out.append(text.substring(at));
        String s = out.toString().strip();
        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        if (last != null && last.kind() == Kind.SEMICOLON) {
            int cut = s.lastIndexOf(';');
            s = s.substring(0, cut).strip();
        }
        return s;
    }

    private static int blockComment(String sql, int i) {
        int depth = 0;
        int start = i;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("the comment opened at offset " + start + " is never closed");
    }

    private static int quoted(String sql, int i, char quote, boolean backslashEscapes, String what) {
        int start = i;
        i++;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException(what + " opened at offset " + start + " is never closed");
    }

    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
