package org.mesogun.telemetry.mqtt;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust store's own checks, with the broker's certificate's dates looked at first: the JDK's
 * path builder leaves an expired certificate out and then says only "unable to find valid
 * certification path", which sends an engineer to the trust store when the certificate (or a
 * board clock before its time is synchronised) is the cause.
 */
final class ValidityFirstTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;

    ValidityFirstTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    private static void dates(X509Certificate[] chain) throws CertificateException {
        if (chain != null && chain.length > 0) {
            chain[0].checkValidity();   // CertificateExpiredException / CertificateNotYetValidException
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        dates(chain);
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        dates(chain);
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        dates(chain);
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
