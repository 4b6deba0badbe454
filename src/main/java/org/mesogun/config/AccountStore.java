package org.mesogun.config;

import static org.mesogun.config.ChecksummedJson.bool;
import static org.mesogun.config.ChecksummedJson.text;
import static org.mesogun.config.ChecksummedJson.whole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The technician console's accounts (SR-13) in {@code DATA_DIR/accounts.json}: machine-written,
 * checksummed, saved atomically with {@code accounts.prev.json} kept. When the file does not
 * exist a {@code factory} account with PIN {@code 0000} is created, which must set a new PIN at
 * first login. A damaged file is never replaced by a fresh factory account: that would turn
 * corrupting the file into a way in. Lock-out after wrong PINs is the console's job.
 */
public final class AccountStore {

    public static final String FILE_NAME = "accounts.json";
    public static final String PREVIOUS_NAME = "accounts.prev.json";
    public static final String FACTORY_USER = "factory";
    public static final String FACTORY_PIN = "0000";
    /** Above the SR-13 floor, yet a login on a Pi stays well under a second. */
    public static final int DEFAULT_ITERATIONS = 150_000;

    static final String KIND = "mesogun-accounts";
    static final int FORMAT = 1;
    static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final Pattern PIN = Pattern.compile(
            "[0-9]{" + SafetyLimits.MIN_PIN_DIGITS + "," + SafetyLimits.MAX_PIN_DIGITS + "}");

    private record Entry(Account account, PinHash pin) {
    }

    private final Path file;
    private final Path previous;
    private final int iterations;
    private final int minIterations;
    private final SecureRandom random;
    /** Burned on unknown users so that timing does not tell which names exist. */
    private final PinHash decoy;
    private final Map<String, Entry> users = new TreeMap<>();

    /** Opens (or, when there is none, creates with the factory account) the accounts file. */
    public static AccountStore open(Path dataDir) throws IOException {
        return new AccountStore(dataDir, DEFAULT_ITERATIONS, new SecureRandom());
    }

    /** Tests hash with fewer iterations; production never goes below the SR-13 floor. */
    AccountStore(Path dataDir, int iterations, SecureRandom random) throws IOException {
        this.file = dataDir.resolve(FILE_NAME);
        this.previous = dataDir.resolve(PREVIOUS_NAME);
        this.iterations = iterations;
        this.minIterations = Math.min(iterations, SafetyLimits.MIN_PIN_HASH_ITERATIONS);
        this.random = random;
        this.decoy = PinHash.decoy(iterations, random);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            users.put(FACTORY_USER, new Entry(new Account(FACTORY_USER, Role.FACTORY, true),
                    PinHash.create(FACTORY_PIN, iterations, random)));
            save();
            return;
        }
        try {
            read(ChecksummedJson.decode(bytes, KIND, FORMAT));
        } catch (CorruptFileException e) {
            throw new CorruptFileException(file + ": " + e.getMessage());
        }
    }

    /** The account when the PIN is right, empty otherwise (unknown user or wrong PIN alike). */
    public synchronized Optional<Account> verify(String user, String pin) {
        Entry e = user == null ? null : users.get(user);
        if (e == null || pin == null) {
            decoy.matches(pin == null ? "" : pin);
            return Optional.empty();
        }
        return e.pin.matches(pin) ? Optional.of(e.account) : Optional.empty();
    }

    /** Adds an account whose holder must set their own PIN at first login. */
    public synchronized void add(String user, Role role, String pin) throws IOException {
        if (user == null || !USER.matcher(user).matches()) {
            throw new AccountException("user name must be 1-32 characters of A-Z a-z 0-9 _ -");
        }
        if (users.containsKey(user)) {
            throw new AccountException("user " + user + " already exists");
        }
        if (role == Role.FACTORY) {
            throw new AccountException("the factory account is built in");
        }
        checkPin(pin);
        users.put(user, new Entry(new Account(user, role, true), PinHash.create(pin, iterations, random)));
        save();
    }

    public synchronized void delete(String user) throws IOException {
        Entry e = existing(user);
        long managers = users.values().stream().filter(x -> x.account.role().managesAccounts()).count();
        if (e.account.role().managesAccounts() && managers == 1) {
            throw new AccountException("cannot delete " + user + ": it is the last account that can manage accounts");
        }
        users.remove(user);
        save();
    }

    /** Sets a new PIN, which must differ from the current one; clears {@code mustChangePin}. */
    public synchronized void setPin(String user, String newPin) throws IOException {
        Entry e = existing(user);
        checkPin(newPin);
        if (e.pin.matches(newPin)) {
            throw new AccountException("the new PIN must differ from the current one");
        }
        Account a = new Account(e.account.user(), e.account.role(), false);
        users.put(user, new Entry(a, PinHash.create(newPin, iterations, random)));
        save();
    }

    /** The data directory the accounts live in (the console keeps its PIN lock-out beside them). */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent;
    }

    public synchronized Optional<Account> find(String user) {
        return Optional.ofNullable(users.get(user)).map(Entry::account);
    }

    public synchronized List<Account> accounts() {
        return users.values().stream().map(Entry::account).toList();
    }

    /** The stored hash, for tests that check salting. */
    synchronized String storedHash(String user) {
        return existing(user).pin.hash();
    }

    private Entry existing(String user) {
        Entry e = user == null ? null : users.get(user);
        if (e == null) {
            throw new AccountException("no user " + user);
        }
        return e;
    }

    private static void checkPin(String pin) {
        if (pin == null || !PIN.matcher(pin).matches()) {
            throw new AccountException("a PIN is " + SafetyLimits.MIN_PIN_DIGITS + " to "
                    + SafetyLimits.MAX_PIN_DIGITS + " digits");
        }
    }

    private void save() throws IOException {
        ObjectNode body = ChecksummedJson.newObject();
        ArrayNode list = body.putArray("users");
        for (Entry e : users.values()) {
            ObjectNode u = list.addObject();
            u.put("user", e.account.user());
            u.put("role", e.account.role().jsonName());
            u.put("mustChangePin", e.account.mustChangePin());
            u.put("salt", e.pin.salt());
            u.put("hash", e.pin.hash());
            u.put("iterations", e.pin.iterations());
        }
        AtomicFiles.writeKeepingPrevious(file, previous, ChecksummedJson.encode(KIND, FORMAT, body));
    }

    private void read(ObjectNode body) {
        ChecksummedJson.onlyKeys(body, "body.", "users");
        JsonNode list = body.get("users");
        if (list == null || !list.isArray()) {
            throw new CorruptFileException("body.users: not a list");
        }
        List<Entry> read = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            read.add(entry(list.get(i), "body.users[" + i + "]."));
        }
        for (Entry e : read) {
            if (users.putIfAbsent(e.account.user(), e) != null) {
                throw new CorruptFileException("user " + e.account.user() + " appears twice");
            }
        }
        if (users.values().stream().noneMatch(e -> e.account.role().managesAccounts())) {
            throw new CorruptFileException("no account can manage accounts");
        }
    }

    private Entry entry(JsonNode u, String at) {
        if (!u.isObject()) {
            throw new CorruptFileException(at + " not an object");
        }
        ChecksummedJson.onlyKeys(u, at, "user", "role", "mustChangePin", "salt", "hash", "iterations");
        String user = text(u, "user", at);
        Role role = Role.fromJson(text(u, "role", at))
                .orElseThrow(() -> new CorruptFileException(at + "role: unknown " + u.get("role")));
        long iter = whole(u, "iterations", at);
        if (iter < minIterations || iter > Integer.MAX_VALUE) {
            throw new CorruptFileException(at + "iterations: " + iter + " is below " + minIterations);
        }
        String salt = text(u, "salt", at);
        String hash = text(u, "hash", at);
        try {
            Base64.getDecoder().decode(salt);
            Base64.getDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(at + "salt or hash: not Base64");
        }
        return new Entry(new Account(user, role, bool(u, "mustChangePin", at)), new PinHash(salt, hash, (int) iter));
    }
}
