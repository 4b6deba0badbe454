package org.mesogun.config;

/** A console account as the rest of the service sees it: no salt, no hash. */
public record Account(String user, Role role, boolean mustChangePin) {
}
