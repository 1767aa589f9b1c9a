package dev.caretaker.check;

/**
 * What a check could not judge in a run: everything ({@link #ALL}), one finding code, or one code on one subject. The
 * incidents it covers stay exactly as they were: not resolved, not re-opened, not updated.
 */
public record Unjudged(String code, String subject) {
    public static final Unjudged ALL = new Unjudged(null, null);

    public static Unjudged code(String code) {
        return new Unjudged(code, null);
    }

    public static Unjudged of(String code, String subject) {
        return new Unjudged(code, subject);
    }

    public boolean covers(String findingCode, String findingSubject) {
        return (code == null || code.equals(findingCode)) && (subject == null || subject.equals(findingSubject));
    }
}
