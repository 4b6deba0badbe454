package org.mesogun.config;

import java.util.Locale;
import java.util.Optional;

/** What a console account is (SR-13); what each may do is the console's decision. */
public enum Role {
    TECHNICIAN,
    ADMIN,
    /** The built-in first account; its PIN must be changed at first login. */
    FACTORY;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromJson(String text) {
        for (Role r : values()) {
            if (r.jsonName().equals(text)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Roles that can manage accounts, so one must always remain. */
    public boolean managesAccounts() {
        return this != TECHNICIAN;
    }
}
