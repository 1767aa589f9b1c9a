package dev.caretaker.web;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn on the server as inline SVG in the HTML (no namespace needed there; so the page needs no script, no image request and no third party): the
 * modules of {@link QrCode#encodeText} at error correction level M, one unit each, with the quiet zone of four units the
 * QR standard asks for.
 */
final class QrSvg {
    static final int BORDER = 4;

    private QrSvg() {
    }

    /** The SVG path of the dark modules of {@code text}'s QR code. */
    static String path(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        StringBuilder d = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    d.append(d.length() == 0 ? "" : " ").append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return d.toString();
    }

    /** The whole {@code <svg>} element; {@code label} is its accessible name (plain text, escaped here). */
    static String svg(String text, String label) {
        int size = QrCode.encodeText(text, QrCode.Ecc.MEDIUM).size + 2 * BORDER;
        return "<svg class=\"qr\" id=\"qr\" viewBox=\"0 0 " + size + " " + size + "\" width=\"" + size * 6
                + "\" height=\"" + size * 6 + "\" role=\"img\" aria-label=\"" + escape(label) + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"" + path(text) + "\"/></svg>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
