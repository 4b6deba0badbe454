package org.mesogun.config;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow PIN hash (SR-13): PBKDF2WithHmacSHA256. A 4-digit PIN has only 10,000 values,
 * so the salt stops one table cracking every gun and the iterations make each guess cost.
 * Salt and hash are Base64 strings, so the record is immutable.
 */
record PinHash(String salt, String hash, int iterations) {

    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    static PinHash create(String pin, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PinHash(b64(salt), b64(derive(pin, salt, iterations)), iterations);
    }

    /**
     * A hash no PIN matches, costing a real derivation to check and none to make (start-up on a
     * Pi should not pay 150,000 iterations for it).
     */
    static PinHash decoy(int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BITS / 8];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return new PinHash(b64(salt), b64(hash), iterations);
    }

    /** Constant-time, so response time tells nothing about how close a guess was. */
    boolean matches(String pin) {
        byte[] expected = Base64.getDecoder().decode(hash);
        byte[] actual = derive(pin, Base64.getDecoder().decode(salt), iterations);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
