package io.p2law.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CI client, {@code scripts/budget-check.sh}, served by the service it talks to, so that a CI
 * job needs only curl: {@code curl -fsS $P2LAW_URL/scripts/budget-check.sh | bash -s -- ...}. The
 * build packages the script from the repository's {@code scripts/} directory, so the served copy is
 * always the one this version of the service was tested with.
 */
@RestController
class ScriptController {

    static final MediaType SHELL_SCRIPT = MediaType.parseMediaType("text/x-shellscript;charset=UTF-8");

    private final byte[] budgetCheck;
    private final String etag;

    ScriptController() {
        try (InputStream in = new ClassPathResource("scripts/budget-check.sh").getInputStream()) {
            budgetCheck = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("scripts/budget-check.sh is not packaged in the application", e);
        }
        etag = "\"" + DigestUtils.md5DigestAsHex(budgetCheck) + "\"";
    }

    @GetMapping(path = "/scripts/budget-check.sh")
    ResponseEntity<byte[]> budgetCheck() {
        return ResponseEntity.ok().contentType(SHELL_SCRIPT).eTag(etag).body(budgetCheck.clone());
    }
}
