package io.tcconnector.console;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in real headless Chromium, the way an operator uses it: sign in, search a
 * purchase order number, open its event; values that look like HTML stay text. Writes
 * screenshots of the list and of an event page under {@code target/console/}.
 */
class ConsoleBrowserTest extends ConsoleTestSupport {

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target/console");

	static WebDriver driver;

	static Path profile;

	@BeforeAll
	static void startBrowser() throws Exception {
		assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(Path.of("/usr/bin/chromium")),
				"chromium and chromium-driver are installed (.ci/run installs them)");
		// the driver installed with Chromium: Selenium Manager never downloads one
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		profile = Files.createTempDirectory("console-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
				"--ignore-certificate-errors", "--user-data-dir=" + profile);
		options.setAcceptInsecureCerts(true);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		driver = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void signInSearchAPurchaseOrderAndOpenItsEvent() throws Exception {
		String po = unique("PO");
		String messageId = UUID.randomUUID().toString();
		assertThat(
				connector.post(this.port, orderEvent(po, UUID.randomUUID().toString(), messageId), "application/json")
					.statusCode())
			.isEqualTo(202);
		awaitStatus(po, "delivered");

		signIn();
		search(po);
		WebElement row = waitFor()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#events .event-row")));
		assertThat(row.findElement(By.className("number")).getText()).isEqualTo(po);
		assertThat(row.findElement(By.className("message-id")).getText()).isEqualTo(messageId);
		assertThat(row.getText()).contains("delivered", "folder:orders", "erp");
		assertThat(driver.getCurrentUrl()).contains("q=" + po);
		screenshot("events.png");

		row.findElement(By.className("event-link")).click();
		waitFor()
			.until(ExpectedConditions.textToBe(By.cssSelector("#summary dd[data-field='purchase order number']"), po));
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("body"),
				"\"purchaseOrderNumber\": \"" + po + "\""));
		assertThat(driver.findElement(By.cssSelector("#summary dd[data-field='message id']")).getText())
			.isEqualTo(messageId);
		assertThat(driver.findElement(By.id("deliveries")).getText()).contains("folder:orders",
				"queue:tradecloud.orders", "erp");
		assertThat(driver.findElement(By.id("download")).isDisplayed()).isTrue();
		assertThat(driver.findElement(By.cssSelector("#request dd[data-field='authentication']")).getText())
			.isEqualTo("Basic");
		screenshot("event.png");
	}

	@Test
	void valuesThatLookLikeHtmlStayText() throws Exception {
		String marker = "PO-" + UUID.randomUUID().toString().substring(0, 8);
		String hostile = marker + "<script>alert(1)</script>\\\"><img src=x onerror=alert(1)>";
		String shown = marker + "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
		String text = new String(TestConnector.read(SAMPLES.resolve("order-event.json")), StandardCharsets.UTF_8)
			.replace("PO-1001", hostile)
			.replace("a50a3876-e620-5956-a64c-571fd8658434", UUID.randomUUID().toString());
		byte[] body = TestConnector.withMessageId(text.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString());
		assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(202);
		awaitEvents("q=" + java.net.URLEncoder.encode(shown, StandardCharsets.UTF_8), 1);

		signIn();
		search(shown);
		WebElement row = waitFor()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#events .event-row")));
		assertThat(row.findElement(By.className("number")).getText()).isEqualTo(shown);
		assertInert();
		row.findElement(By.className("event-link")).click();
		waitFor().until(
				ExpectedConditions.textToBe(By.cssSelector("#summary dd[data-field='purchase order number']"), shown));
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("body"), "onerror=alert(1)"));
		assertThat(driver.getTitle()).isEqualTo("Event - Tradecloud connector");
		assertInert();
		screenshot("event-hostile.png");
	}

	@Test
	void aDeadLetterReplayedWithTheButtonReachesTheErpOnce() throws Exception {
		String po = unique("PO");
		simulator.rejectErpPurchaseOrder(po, 422);
		try {
			assertThat(connector
				.post(this.port, orderEvent(po, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
						"application/json")
				.statusCode()).isEqualTo(202);
			awaitStatus(po, "dead-lettered");
		}
		finally {
			simulator.clearErpRejections();
		}
		String id = adminJson("/admin/events?q=" + po).get("events").get(0).get("id").asText();
		assertThat(admin("GET", "/admin/dead-letters").body()).contains(po);

		signIn();
		driver.get("https://localhost:" + this.port + "/console/event.html?id=" + id);
		waitFor()
			.until(ExpectedConditions.textToBe(By.cssSelector("#summary dd[data-field='status']"), "dead-lettered"));
		assertThat(driver.findElement(By.id("deliveries")).getText()).contains("dead-letter", "HTTP 422");
		driver.findElement(By.id("replay-erp")).click();
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("replay-result"), "replayed"));
		waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#summary dd[data-field='status']"), "delivered"));
		assertThat(driver.findElement(By.id("actions")).getText()).contains(OPERATOR, "replay");
		awaitStatus(po, "delivered");
		assertThat(simulator.erpAccepted().stream().filter((d) -> po.equals(d.purchaseOrderNumber())).count())
			.isEqualTo(1);
		assertThat(admin("GET", "/admin/dead-letters").body()).doesNotContain(po);
		screenshot("event-replayed.png");
	}

	private void assertInert() {
		assertThatThrownBy(
				() -> new WebDriverWait(driver, Duration.ofMillis(500)).until(ExpectedConditions.alertIsPresent()))
			.isInstanceOf(TimeoutException.class);
		assertThat(driver.findElements(By.tagName("img"))).isEmpty();
		List<WebElement> scripts = driver.findElements(By.tagName("script"));
		assertThat(scripts).hasSize(1);
		assertThat(scripts.get(0).getDomAttribute("src")).isEqualTo("console.js");
	}

	private void signIn() {
		driver.manage().deleteAllCookies();
		driver.get("https://localhost:" + this.port + "/console");
		((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
		driver.navigate().refresh();
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
		driver.findElement(By.id("username")).sendKeys(OPERATOR);
		driver.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
		driver.findElement(By.id("login-submit")).click();
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
		waitFor().until(ExpectedConditions.textToBe(By.id("who"), OPERATOR));
	}

	private void search(String q) {
		WebElement box = driver.findElement(By.id("q"));
		box.clear();
		box.sendKeys(q);
		driver.findElement(By.id("search-submit")).click();
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-info"), "(1 events)"));
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(driver, Duration.ofSeconds(20));
	}

	private static void screenshot(String name) throws Exception {
		Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
