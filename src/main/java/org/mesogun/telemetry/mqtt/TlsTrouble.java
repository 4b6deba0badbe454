package org.mesogun.telemetry.mqtt;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * A clear sentence for a TLS connection that failed for a reason a clinic engineer can fix: an
 * expired or not-yet-valid certificate (or this board's clock before its time is synchronised),
 * a certificate the trust store does not vouch for, a client certificate the broker wants or
 * refused, no TLS version in common. Null when the failure is none of these.
 */
public final class TlsTrouble {

    private TlsTrouble() {
    }

    public static String sentence(Throwable e) {
        boolean ssl = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ssl |= t instanceof SSLException;
            if (t instanceof CertificateExpiredException
                    || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "the broker's certificate has expired, or this board's clock is ahead (" + now()
                        + "): renew the certificate, or check the time";
            }
            if (t instanceof CertificateNotYetValidException
                    || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return "the broker's certificate is not valid yet by this board's clock (" + now() + "): a board "
                        + "without a real-time clock is wrong until its time is synchronised (NTP)";
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("unable to find valid certification path") || m.contains("PKIX path")) {
                return "the broker's certificate is not signed by a CA in the trust store (mqtt.tls.trust_store)";
            }
            if (m.contains("certificate_required")) {
                return "the broker requires a client certificate and none was given (mqtt.tls.client_cert)";
            }
            if (m.contains("bad_certificate") || m.contains("certificate_unknown") || m.contains("unknown_ca")) {
                return "the broker refused this gun's client certificate (mqtt.tls.client_cert: not signed by a CA "
                        + "the broker trusts, or expired)";
            }
            if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
                return "no TLS version in common with the broker (this gun speaks TLS 1.3 and 1.2)";
            }
        }
        return ssl ? "the TLS handshake failed (" + root(e) + ")" : null;
    }

    /**
     * As {@link #sentence(Throwable)}, for a connection made over TLS: a broker that drops the
     * connection just after the handshake (broken pipe, reset, end of stream) is, under TLS 1.3,
     * one that refused the client certificate, which the client learns no other way.
     */
    public static String sentence(Throwable e, boolean overTls) {
        String s = sentence(e);
        if (s != null || !overTls) {
            return s;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.io.EOFException || m.contains("Broken pipe") || m.contains("Connection reset")) {
                return "the broker closed the connection right after the TLS handshake: it refused this gun's client "
                        + "certificate (mqtt.tls.client_cert: none, or not signed by a CA the broker trusts), or the "
                        + "port is not the broker's TLS port";
            }
        }
        return null;
    }

    /** {@link #sentence} or, for anything else, the exception's own message and its root cause. */
    public static String explain(Throwable e, boolean overTls) {
        String s = sentence(e, overTls);
        return s != null ? s : e.getMessage() + (e.getCause() != null ? " (" + root(e) + ")" : "");
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String now() {
        return "it reads " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
