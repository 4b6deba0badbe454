package org.mesogun.console;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.mesogun.config.Account;
import org.mesogun.config.AccountException;
import org.mesogun.config.AccountStore;
import org.mesogun.config.Role;
import org.mesogun.controller.LiveController;
import org.mesogun.controller.State;

/**
 * Who is at the console and for how long (SR-13, requirements §6): LOGIN, LOGOUT, PIN and USER,
 * the lock-out after wrong PINs, the idle expiry, and the guard every command that changes the gun
 * passes. A login's end (LOGOUT, a new LOGIN, expiry) discards what it left unsaved and is audited.
 */
final class ConsoleAccess {

    private final ConsoleEngine engine;
    private final AccountStore accounts;
    private final LiveController live;
    private final PinLockout lockout;
    private final LongSupplier monotonic;
    /** A login ends after this long without a command (serial.login_idle_s). */
    private final long idleNanos;
    private long lastCommandAt;
    private Account user;

    ConsoleAccess(ConsoleEngine engine, AccountStore accounts, LiveController live, PinLockout lockout,
            LongSupplier monotonic, long idleNanos) {
        this.engine = engine;
        this.accounts = accounts;
        this.live = live;
        this.lockout = lockout;
        this.monotonic = monotonic;
        this.idleNanos = idleNanos;
        if (lockout.problem() != null) {
            engine.say("[MSG:" + lockout.problem() + "]");
        }
    }

    /** Who is logged in, or null. */
    Account user() {
        return user;
    }

    /** A command line arrived: the idle time starts again. */
    void commandArrived() {
        lastCommandAt = monotonic.getAsLong();
    }

    /** As the console polls: the lock-out runs down; an idle login ends (not mid-command). */
    void poll(boolean noCommandRunning) {
        lockout.tick();
        if (user != null && noCommandRunning && monotonic.getAsLong() - lastCommandAt > idleNanos) {
            endLogin("expired after " + idleNanos / 1_000_000_000L + " s idle");
        }
    }

    void logout() {
        if (user != null) {
            endLogin("logged out");
        }
    }

    /**
     * The login ends (LOGOUT, a new LOGIN, idle expiry): what it left unsaved is discarded, never
     * saved later under another user, and the end is audited.
     */
    private void endLogin(String how) {
        engine.discardPending(how);
        engine.audited("logout", null, "logged in", how);
        if (how.startsWith("expired")) {
            engine.say("[MSG:login " + how + "]");
        }
        user = null;
    }

    void login(String[] w) {
        if (w.length != 3) {
            throw CommandArgs.fail(ConsoleError.BAD_SYNTAX, "LOGIN <user> <pin>");
        }
        if (lockout.locked()) {
            throw CommandArgs.fail(ConsoleError.LOCKED_OUT, lockout.remainingSeconds() + " s of powered time left");
        }
        if (user != null) {
            endLogin("logged out by a new login");
        }
        Optional<Account> a = accounts.verify(w[1], w[2]);
        if (a.isEmpty()) {
            boolean locks = lockout.failed();
            engine.audited("login failed", CommandArgs.clip(w[1]), "-", locks ? "locked out for "
                    + org.mesogun.config.SafetyLimits.PIN_LOCKOUT_MS / 60_000 + " min of powered time" : "refused");
            throw CommandArgs.fail(ConsoleError.LOGIN_FAILED, null);
        }
        lockout.succeeded();
        user = a.get();
        engine.audited("login", null, "-", "logged in");
        if (user.mustChangePin()) {
            engine.say("[MSG:PIN change required: PIN SET <new>]");
        }
        engine.ok("[MSG:logged in as " + user.user() + " (" + user.role().jsonName() + ")]");
    }

    /** Logged in, PIN changed, no session; and in SERVICE when asked. */
    void guard(boolean inService) {
        if (user == null) {
            throw CommandArgs.fail(ConsoleError.LOGIN_REQUIRED, null);
        }
        if (user.mustChangePin()) {
            throw CommandArgs.fail(ConsoleError.PIN_CHANGE_REQUIRED, null);
        }
        if (live.inSession()) {
            throw CommandArgs.fail(ConsoleError.SESSION_RUNNING, null);
        }
        if (inService && live.state() != State.SERVICE) {
            throw CommandArgs.fail(ConsoleError.NOT_IN_SERVICE, null);
        }
    }

    void pin(String[] w) {
        if (w.length != 3 || !w[1].equalsIgnoreCase("SET")) {
            throw CommandArgs.fail(ConsoleError.BAD_SYNTAX, "PIN SET <new>");
        }
        if (user == null) {
            throw CommandArgs.fail(ConsoleError.LOGIN_REQUIRED, null);
        }
        if (live.inSession()) {
            throw CommandArgs.fail(ConsoleError.SESSION_RUNNING, null);
        }
        // The first-login change is allowed outside SERVICE: nothing else is until it is done.
        if (!user.mustChangePin() && live.state() != State.SERVICE) {
            throw CommandArgs.fail(ConsoleError.NOT_IN_SERVICE, null);
        }
        try {
            accounts.setPin(user.user(), w[2]);
        } catch (AccountException e) {
            throw CommandArgs.fail(ConsoleError.ACCOUNT, e.getMessage());
        } catch (IOException e) {
            throw CommandArgs.fail(ConsoleError.STORAGE, e.getMessage());
        }
        user = new Account(user.user(), user.role(), false);
        engine.audited("pin", user.user(), "****", "****");
        engine.ok(null);
    }

    void user(String[] w) {
        guard(true);
        if (!user.role().managesAccounts()) {
            throw CommandArgs.fail(ConsoleError.NOT_PERMITTED, null);
        }
        String sub = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        try {
            if (sub.equals("ADD") && (w.length == 4 || w.length == 5)) {
                Role role = w.length == 5 ? Role.fromJson(w[4].toLowerCase(Locale.ROOT))
                        .filter(r -> r != Role.FACTORY)
                        .orElseThrow(() -> CommandArgs.fail(ConsoleError.BAD_SYNTAX, "role technician or admin"))
                        : Role.TECHNICIAN;
                accounts.add(w[2], role, w[3]);
                engine.audited("user add", w[2] + " (" + role.jsonName() + ")", "-", "added");
            } else if (sub.equals("DEL") && w.length == 3) {
                if (w[2].equals(user.user())) {
                    throw CommandArgs.fail(ConsoleError.ACCOUNT, "cannot delete the account logged in");
                }
                accounts.delete(w[2]);
                engine.audited("user del", w[2], "present", "deleted");
            } else {
                throw CommandArgs.fail(ConsoleError.BAD_SYNTAX, "USER ADD <user> <pin> [role] | USER DEL <user>");
            }
        } catch (AccountException e) {
            throw CommandArgs.fail(ConsoleError.ACCOUNT, e.getMessage());
        } catch (IOException e) {
            throw CommandArgs.fail(ConsoleError.STORAGE, e.getMessage());
        }
        engine.ok(null);
    }
}
