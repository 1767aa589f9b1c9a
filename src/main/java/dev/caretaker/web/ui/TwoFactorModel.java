package dev.caretaker.web.ui;

import java.util.List;

/**
 * The Two factors page of the logged-in user. {@code state}: {@code off} (a button to start), {@code pending} (the QR code
 * of {@code uri}, the secret as text, a form for the first code), {@code codes} (just confirmed: the recovery codes, shown
 * this once), {@code on} (since {@code enabledAt}, {@code recoveryLeft} codes left, a form to turn it off) or {@code oidc}
 * (signs in through the identity provider, whose policy holds). {@code qrSvg} is markup this server drew; {@code error}: why
 * the last form failed.
 */
public record TwoFactorModel(Chrome chrome, String state, String enabledAt, int recoveryLeft, String uri, String secret, String qrSvg,
                             List<String> codes, String error, List<String> requiredFor) {
}
