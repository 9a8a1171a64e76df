package io.keyward.cloud.sharing;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * An invitation's link as the owner copies it: the web app's page that accepts it ({@code /#/invite/<token>})
 * on the address the owner used, and the bare token for apps that build their own link. Shown once: only
 * the token's hash is kept.
 */
record InvitationLink(UUID id, String token, String link, OffsetDateTime expiresAt) {

    static InvitationLink of(Inviting.Made made) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return new InvitationLink(made.id(), made.token(), base + "/#/invite/" + made.token(), made.expiresAt());
    }
}
