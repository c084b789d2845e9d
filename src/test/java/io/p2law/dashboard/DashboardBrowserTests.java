package io.p2law.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;

/**
 * The dashboard in a real headless browser against the running application: what a person sees on
 * the families page, on a family's page, and when they ask the law a question. Screenshots are kept
 * under {@code target/dashboard/}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @TempDir
    static Path profile;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String fitted = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    private final String unfitted = "dash-new-" + UUID.randomUUID().toString().substring(0, 8);
    private WebDriver browser;

    @BeforeAll
    void startTheBrowserAndUploadFamilies() throws IOException {
        // Without a browser every test is reported skipped with the reason (see needsTheBrowser).
        if (Browser.missing().isPresent()) {
            return;
        }
        browser = Browser.start(profile);
        String csv = Files.readString(Path.of("src/test/resources/data/p2-synthetic-llama3-depth.csv"));
        upload(fitted, csv.replaceAll("(?m)^llama3-depth,", fitted + ","));
        upload(unfitted, csv.replaceAll("(?m)^llama3-depth,", unfitted + ","));
        assertThat(send("PUT", "/api/v1/families/" + fitted, "application/json",
                Files.readString(Path.of("examples/family.json"))).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/families/" + fitted + "/law", null, null).statusCode()).isEqualTo(200);
    }

    @BeforeEach
    void needsTheBrowser() {
        Browser.assumeAvailable();
    }

    @AfterAll
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theFamiliesPageListsEachFamilyWithItsCountsAndItsLaw() {
        browser.get(url("/"));

        WebElement row = await(By.cssSelector("tr[data-family='" + fitted + "']"));
        awaitText(row.findElement(By.cssSelector("td.law")), "fitted");
        List<String> cells = texts(row.findElements(By.tagName("td")));
        assertThat(cells.get(0)).isEqualTo("Llama 3 depth pruning\n" + fitted);
        assertThat(cells.get(1)).isEqualTo("depth");
        assertThat(cells.subList(2, 5)).containsExactly("9", "450", "1");
        assertThat(cells.get(5)).contains("fitted", "on v1", "R² 0.9").doesNotContain("stale");

        WebElement other = await(By.cssSelector("tr[data-family='" + unfitted + "']"));
        awaitText(other.findElement(By.cssSelector("td.law")), "not fitted yet");
        assertThat(browser.getTitle()).contains("Families");
        Browser.screenshot(browser, "families");

        other.findElement(By.linkText(unfitted)).click();
        new WebDriverWait(browser, PATIENCE).until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.head h1"), unfitted));
        assertThat(browser.getCurrentUrl()).endsWith("#/families/" + unfitted);
    }

    @Test
    void aFamilysPageShowsItsRunsThePlotTheConstantsAndTheDiagnostics() {
        browser.get(url("/#/families/" + fitted));

        WebElement constants = await(By.cssSelector("#constants tbody"));
        List<WebElement> rows = constants.findElements(By.tagName("tr"));
        assertThat(rows).extracting(r -> r.findElement(By.tagName("code")).getText())
                .containsExactly("gamma", "delta", "alpha", "beta", "NC", "DC", "E");
        for (WebElement row : rows) {
            List<String> cells = texts(row.findElements(By.tagName("td")));
            assertThat(Double.parseDouble(cells.get(1))).as("value of %s", cells.get(0)).isFinite();
            assertThat(cells.get(3)).as("interval of %s", cells.get(0)).matches("\\[[-0-9.e]+, [-0-9.e]+]");
        }
        assertThat(await(By.id("formula")).getText()).contains("L0", "rho", "N0");
        String diagnostics = await(By.id("diagnostics")).getText();
        assertThat(diagnostics).contains("R²", "RMSE", "ASD", "points", "450", "converged");
        assertThat(browser.findElement(By.cssSelector("section.head")).getText())
                .contains("Llama 3 depth pruning", "whole layers removed", "pruning depth", "runs 9", "checkpoints 450",
                        "data version 1");

        List<WebElement> runs = await(By.cssSelector("#run-table tbody")).findElements(By.tagName("tr"));
        assertThat(runs).hasSize(9);
        assertThat(runs.get(0).getText()).contains("llama-3", "B", "%");

        WebElement plot = await(By.id("plot-image"));
        new WebDriverWait(browser, PATIENCE).until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", plot));
        assertThat(plot.getSize().getWidth()).isGreaterThan(400);
        Browser.screenshot(browser, "family");
    }

    @Test
    void theFormPredictsTheLossAfterTheTokensAsked() {
        browser.get(url("/#/families/" + fitted));
        await(By.cssSelector("#constants tbody tr"));

        fill("paramsBefore", "3210000000");
        fill("pruningRate", "0.25");
        fill("lossBefore", "2.12");
        fill("tokens", "1e8, 1e9");
        browser.findElement(By.cssSelector("#ask-form button[type=submit]")).click();

        List<WebElement> predictions = await(By.cssSelector("#prediction tbody")).findElements(By.tagName("tr"));
        assertThat(predictions).hasSize(2);
        List<String> first = texts(predictions.get(0).findElements(By.tagName("td")));
        List<String> second = texts(predictions.get(1).findElements(By.tagName("td")));
        assertThat(first.get(0)).isEqualTo("100\u202fM");
        assertThat(second.get(0)).isEqualTo("1\u202fB");
        // more tokens, lower loss; both near the truth the family was drawn from (2.28 at 1B tokens)
        assertThat(Double.parseDouble(second.get(1))).isLessThan(Double.parseDouble(first.get(1))).isBetween(2.2, 2.35);
        assertThat(second.get(2)).matches("\\[[0-9.]+, [0-9.]+]");
    }

    @Test
    void theFormChecksABudgetAndShowsTheVerdict() {
        browser.get(url("/#/families/" + fitted));
        await(By.cssSelector("#constants tbody tr"));

        browser.findElement(By.cssSelector("input[name=mode][value=check]")).click();
        fill("paramsBefore", "3.21e9");
        fill("pruningRate", "0.25");
        fill("lossBefore", "2.12");
        fill("tokens", "1e9");
        fill("targetLoss", "2.3");
        browser.findElement(By.cssSelector("#ask-form button[type=submit]")).click();

        assertThat(awaitText(await(By.id("verdict")), "pass").getText()).isEqualTo("pass");
        String answer = browser.findElement(By.id("answer")).getText();
        assertThat(answer).contains("predicted loss", "target 2.3", "margin", "tokens the target needs",
                "past diminishing returns");
        Browser.screenshot(browser, "budget-check");

        fill("targetLoss", "1.0");
        browser.findElement(By.cssSelector("#ask-form button[type=submit]")).click();
        awaitText(await(By.id("verdict")), "fail");
        assertThat(browser.findElement(By.id("answer")).getText()).contains("unreachable");
    }

    @Test
    void aBadQuestionShowsTheProblemNamingTheField() {
        browser.get(url("/#/families/" + fitted));
        await(By.cssSelector("#constants tbody tr"));

        fill("pruningRate", "1.5");
        browser.findElement(By.cssSelector("#ask-form button[type=submit]")).click();

        WebElement problem = await(By.cssSelector("#answer .problem"));
        assertThat(problem.getText()).contains("Bad Request", "pruningRate");
    }

    @Test
    void anUnknownFamilyIsSaidSo() {
        browser.get(url("/#/families/no-such-family-" + UUID.randomUUID().toString().substring(0, 8)));

        assertThat(await(By.cssSelector("section.head .problem")).getText()).contains("Not Found");
    }

    private void fill(String name, String value) {
        WebElement input = await(By.cssSelector("#ask-form input[name=" + name + "]"));
        input.clear();
        input.sendKeys(value);
    }

    private WebElement await(By locator) {
        return new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private WebElement awaitText(WebElement element, String text) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBePresentInElement(element, text));
        return element;
    }

    private static List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).map(String::strip).toList();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void upload(String family, String csv) {
        HttpResponse<String> response = send("POST", "/api/v1/families/" + family + "/runs", "text/csv", csv);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "application/json")
                .header("Authorization", TestApiKey.BEARER);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
