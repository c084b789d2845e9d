package io.p2law.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through chromedriver, both from the machine's packages (Debian's
 * {@code chromium} and {@code chromium-driver}; {@code P2LAW_CHROMIUM} and {@code P2LAW_CHROMEDRIVER}
 * point elsewhere). Selenium Manager is never asked to download anything: both paths are given.
 * Without a browser the tests are skipped with the reason, unless {@code P2LAW_REQUIRE_BROWSER=true}
 * (CI sets it), when the missing browser is a failure.
 */
final class Browser {

    static final String REQUIRE = "P2LAW_REQUIRE_BROWSER";

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browser() {
    }

    /**
     * Why the tests cannot have a browser on this machine, or empty when they can. Where CI requires
     * the browser ({@code P2LAW_REQUIRE_BROWSER=true}) a missing one fails instead.
     */
    static Optional<String> missing() {
        Optional<Path> chromium = find("P2LAW_CHROMIUM", CHROMIUM);
        Optional<Path> driver = find("P2LAW_CHROMEDRIVER", CHROMEDRIVER);
        if (chromium.isPresent() && driver.isPresent()) {
            return Optional.empty();
        }
        String reason = "no headless browser on this machine (" + (chromium.isEmpty() ? "chromium" : "chromedriver")
                + " not found; install Debian's chromium and chromium-driver, or set P2LAW_CHROMIUM and P2LAW_CHROMEDRIVER)";
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
            Assertions.fail(REQUIRE + " is set but there is " + reason);
        }
        return Optional.of(reason);
    }

    /** Skips the calling test, with the reason, when there is no browser; see {@link #missing()}. */
    static void assumeAvailable() {
        missing().ifPresent(Assumptions::abort);
    }

    /** Starts the browser; call after {@link #missing()} said there is one. */
    static WebDriver start(Path profile) {
        Optional<Path> chromium = find("P2LAW_CHROMIUM", CHROMIUM);
        Optional<Path> driver = find("P2LAW_CHROMEDRIVER", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        // Root in a container: no sandbox; no first-run, sync, update or network chatter; a fresh profile.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                "--window-size=1440,1600", "--force-device-scale-factor=1", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return browser;
    }

    /** Saves what the browser shows under {@code target/dashboard/NAME.png}, for people to look at. */
    static Path screenshot(WebDriver browser, String name) {
        try {
            // The whole page, not only the first screenful.
            Number height = (Number) ((JavascriptExecutor) browser)
                    .executeScript("return Math.max(document.documentElement.scrollHeight, 900)");
            browser.manage().window().setSize(new Dimension(1440, Math.min(height.intValue(), 8000)));
            Path target = Path.of("target", "dashboard", name + ".png");
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> find(String variable, List<String> candidates) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
