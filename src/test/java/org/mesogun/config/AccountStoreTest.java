package org.mesogun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;

/** SR-13: per-user salted slow hashes, factory PIN changed at first login, saved with checksum. */
class AccountStoreTest {

    /** Few iterations keep the tests fast; production uses {@link AccountStore#DEFAULT_ITERATIONS}. */
    private static final int FAST = 1_000;

    @TempDir
    Path dir;

    private AccountStore store() throws Exception {
        return new AccountStore(dir, FAST, new SecureRandom());
    }

    @Test

    @Verifies("SR-13")
    void missingFileCreatesFactoryAccountThatMustChangeItsPin() throws Exception {
        AccountStore s = store();
        Account factory = s.verify("factory", "0000").orElseThrow();
        assertEquals(Role.FACTORY, factory.role());
        assertTrue(factory.mustChangePin());
        assertTrue(Files.exists(dir.resolve(AccountStore.FILE_NAME)));
    }

    @Test

    @Verifies("SR-13")
    void factoryPinChangeClearsTheFlagAndRetiresTheOldPin() throws Exception {
        AccountStore s = store();
        assertThrows(AccountException.class, () -> s.setPin("factory", "0000"));
        s.setPin("factory", "482913");
        assertTrue(s.verify("factory", "0000").isEmpty());
        assertFalse(s.verify("factory", "482913").orElseThrow().mustChangePin());
    }

    @Test
    void accountsSurviveReopening() throws Exception {
        AccountStore s = store();
        s.add("tech1", Role.TECHNICIAN, "1234");
        s.setPin("tech1", "98765");
        AccountStore again = store();
        assertEquals(List.of(new Account("factory", Role.FACTORY, true), new Account("tech1", Role.TECHNICIAN, false)),
                again.accounts());
        assertTrue(again.verify("tech1", "98765").isPresent());
    }

    @Test
    void wrongPinIsRefused() throws Exception {
        AccountStore s = store();
        s.add("tech1", Role.TECHNICIAN, "1234");
        assertTrue(s.verify("tech1", "1235").isEmpty());
        assertTrue(s.verify("tech1", "").isEmpty());
        assertTrue(s.verify("nobody", "1234").isEmpty());
        assertTrue(s.verify(null, null).isEmpty());
    }

    @Test

    @Verifies("SR-13")
    void newAccountMustChangeTheInitialPin() throws Exception {
        AccountStore s = store();
        s.add("tech1", Role.TECHNICIAN, "1234");
        assertTrue(s.verify("tech1", "1234").orElseThrow().mustChangePin());
    }

    @Test

    @Verifies("SR-13")
    void samePinGivesDifferentHashesBecauseOfTheSalt() throws Exception {
        AccountStore s = store();
        s.add("tech1", Role.TECHNICIAN, "1234");
        s.add("tech2", Role.TECHNICIAN, "1234");
        assertNotEquals(s.storedHash("tech1"), s.storedHash("tech2"));
        assertFalse(Files.readString(dir.resolve(AccountStore.FILE_NAME)).contains("1234"));
    }

    @Test
    void pinMustBeFourToEightDigits() throws Exception {
        AccountStore s = store();
        for (String bad : new String[] {"123", "123456789", "12a4", " 1234", ""}) {
            assertThrows(AccountException.class, () -> s.add("tech1", Role.TECHNICIAN, bad), bad);
        }
        s.add("tech1", Role.TECHNICIAN, "12345678");
    }

    @Test
    void deleteRemovesTheAccountButNeverTheLastManager() throws Exception {
        AccountStore s = store();
        s.add("tech1", Role.TECHNICIAN, "1234");
        s.delete("tech1");
        assertTrue(s.find("tech1").isEmpty());
        assertThrows(AccountException.class, () -> s.delete("factory"));
        s.add("boss", Role.ADMIN, "5555");
        s.delete("factory");
        assertEquals(List.of("boss"), store().accounts().stream().map(Account::user).toList());
    }

    @Test
    void duplicateOrMalformedUserIsRefused() throws Exception {
        AccountStore s = store();
        assertThrows(AccountException.class, () -> s.add("factory", Role.ADMIN, "1234"));
        assertThrows(AccountException.class, () -> s.add("a b", Role.ADMIN, "1234"));
        assertThrows(AccountException.class, () -> s.add("x", Role.FACTORY, "1234"));
        assertThrows(AccountException.class, () -> s.delete("ghost"));
    }

    @Test

    @Verifies("SR-13")
    void tamperedFileIsRefusedNotReplacedByAFreshFactoryAccount() throws Exception {
        AccountStore s = store();
        s.setPin("factory", "482913");
        Path f = dir.resolve(AccountStore.FILE_NAME);
        Files.writeString(f, Files.readString(f).replace("\"mustChangePin\" : false", "\"mustChangePin\" : true"));
        CorruptFileException e = assertThrows(CorruptFileException.class, this::store);
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test

    @Verifies("SR-13")
    void previousAccountsFileIsKept() throws Exception {
        AccountStore s = store();
        byte[] first = Files.readAllBytes(dir.resolve(AccountStore.FILE_NAME));
        s.add("tech1", Role.TECHNICIAN, "1234");
        assertEquals(new String(first), Files.readString(dir.resolve(AccountStore.PREVIOUS_NAME)));
    }

    @Test

    @Verifies("SR-13")
    void hashesWeakerThanTheStoreAllowsAreRefused() throws Exception {
        store();
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> new AccountStore(dir, AccountStore.DEFAULT_ITERATIONS, new SecureRandom()));
        assertTrue(e.getMessage().contains("iterations: 1000 is below 100000"), e.getMessage());
    }

    @Test

    @Verifies("SR-13")
    void productionIterationsMeetTheSafetyFloor() {
        assertTrue(AccountStore.DEFAULT_ITERATIONS >= SafetyLimits.MIN_PIN_HASH_ITERATIONS);
    }
}
