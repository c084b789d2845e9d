package io.p2law.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full application on a random port against a real PostgreSQL chosen by {@link TestDatabase}.
 * Never skipped: without a database the context fails to start and the test fails. The test
 * administrator key ({@link TestApiKey}) is configured, and MockMvc sends it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "p2law.security.admin-key=" + TestApiKey.ADMIN)
@Import(TestApiKey.SentByMockMvc.class)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
public @interface IntegrationTest {
}
