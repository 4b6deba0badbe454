package org.mesogun.config;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Accounts hashed with few iterations, so console tests that log in many times stay quick. */
public final class AccountFixtures {

    private AccountFixtures() {
    }

    public static AccountStore fast(Path dataDir) throws IOException {
        return new AccountStore(dataDir, 1_000, new SecureRandom());
    }
}
