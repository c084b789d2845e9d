package io.p2law.family.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may carry ({@code p2law.upload.*}): enforced while the body is read, so a
 * client that sends no or a false Content-Length is stopped as well.
 */
@ConfigurationProperties("p2law.upload")
record UploadLimits(@DefaultValue("32MB") DataSize maxBytes, @DefaultValue("1000000") long maxCheckpoints) {
}
