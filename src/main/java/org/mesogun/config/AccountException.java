package org.mesogun.config;

/** An account change was refused (bad name or PIN, unknown or duplicate user, last admin). */
public class AccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccountException(String message) {
        super(message);
    }
}
