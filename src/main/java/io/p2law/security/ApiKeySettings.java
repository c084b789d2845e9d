package io.p2law.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param anonymousRead whether reads and queries are answered without a key (dashboards and the
 *                      README's read examples); writes and key administration always need one
 * @param adminKey      an administrator key set at start ({@code P2LAW_ADMIN_KEY}); empty for none
 * @param cacheTtl      how long a key looked up in the database is trusted before it is looked up
 *                      again: the longest a key revoked by another instance keeps working here
 */
@ConfigurationProperties("p2law.security")
public record ApiKeySettings(
        @DefaultValue("true") boolean anonymousRead,
        @DefaultValue("") String adminKey,
        @DefaultValue("500ms") Duration cacheTtl) {

    static final int MIN_ADMIN_KEY_LENGTH = 24;

    boolean hasAdminKey() {
        return adminKey != null && !adminKey.isBlank();
    }

    /** Never the key itself, so that a settings dump or failure message cannot leak it. */
    @Override
    public String toString() {
        return "ApiKeySettings[anonymousRead=" + anonymousRead + ", adminKey=" + (hasAdminKey() ? "(set)" : "(none)")
                + ", cacheTtl=" + cacheTtl + "]";
    }
}
