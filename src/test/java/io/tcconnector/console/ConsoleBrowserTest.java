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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
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
 * The console in real headless Chromium, the way an operator uses it: sign in (the
 * operator only; signing out ends it), search a purchase order number, open its event; an
 * ERP outage shows the event retrying with its failed attempts, then delivered; a dead
 * letter replayed with the button; values that look like HTML stay text. Writes
 * screenshots of the sign-in page, the list and event pages under
 * {@code target/console/}.
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
			sendNewOrder(po);
			awaitStatus(po, "dead-lettered");
		}
		finally {
			simulator.clearErpRejections();
		}
		String id = adminJson("/admin/events?q=" + po).get("events").get(0).get("id").asText();
		assertThat(admin("GET", "/admin/dead-letters").body()).contains(po);

		signIn();
		driver.get(base() + "/console/event.html?id=" + id);
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

	@Test
	void onlyTheOperatorSignsInAndSigningOutEndsTheSession() throws Exception {
		String po = unique("PO");
		sendNewOrder(po);
		awaitStatus(po, "delivered");

		// a link to a search, opened without a session: the sign-in page, never the list
		signedOut();
		driver.get(base() + "/console/index.html?q=" + po);
		waitFor().until(ExpectedConditions.urlContains("/console/login"));
		assertThat(driver.getTitle()).isEqualTo("Sign in - Tradecloud connector");
		assertThat(driver.findElements(By.id("events"))).isEmpty();
		screenshot("login.png");

		// the webhook's credentials sign no one in
		submitSignIn(TestConnector.USER, TestConnector.PASSWORD);
		waitFor().until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong user name or password."));
		assertThat(driver.getCurrentUrl()).contains("/console/login?error");
		driver.get(base() + "/console/index.html");
		waitFor().until(ExpectedConditions.urlContains("/console/login"));

		// the operator does, and is back at the search the link asked for
		driver.get(base() + "/console/index.html?q=" + po);
		waitFor().until(ExpectedConditions.urlContains("/console/login"));
		submitSignIn(OPERATOR, OPERATOR_PASSWORD);
		waitFor().until(ExpectedConditions.textToBe(By.id("who"), OPERATOR));
		assertThat(driver.getCurrentUrl()).contains("/console/index.html?q=" + po);
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-info"), "(1 events)"));
		assertThat(driver.findElement(By.cssSelector("#events .event-row .number")).getText()).isEqualTo(po);

		// signing out ends the session
		driver.findElement(By.id("logout")).click();
		waitFor().until(ExpectedConditions.textToBe(By.id("login-message"), "Signed out."));
		driver.get(base() + "/console/index.html");
		waitFor().until(ExpectedConditions.urlContains("/console/login"));
		assertThat(driver.findElements(By.id("app"))).isEmpty();
	}

	@Test
	void anErpOutageShowsTheEventRetryingWithItsFailedAttemptsThenDelivered() throws Exception {
		String po = unique("PO");
		simulator.setErpAvailable(false);
		try {
			sendNewOrder(po);

			signIn();
			search(po);
			waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#events .event-row .status"), "retrying"));
			WebElement row = driver.findElement(By.cssSelector("#events .event-row"));
			assertThat(row.findElement(By.cssSelector(".target.outcome-failed")).getText()).isEqualTo("erp");
			row.findElement(By.className("event-link")).click();

			waitFor()
				.until(ExpectedConditions.textToBe(By.cssSelector("#summary dd[data-field='status']"), "retrying"));
			waitFor().until((page) -> !timeline("erp").isEmpty());
			List<String> first = timeline("erp").get(0);
			// at, target, attempt, outcome, ERP status, ms, file, error
			assertThat(first.get(2)).isEqualTo("1");
			assertThat(first.get(3)).isEqualTo("failed");
			assertThat(first.get(4)).isEqualTo("503");
			assertThat(first.get(7)).as("the reason").isNotBlank();
			screenshot("event-retrying.png");
		}
		finally {
			simulator.setErpAvailable(true);
		}

		// the page refreshes itself: delivered once the ERP takes it
		new WebDriverWait(driver, Duration.ofSeconds(60))
			.until(ExpectedConditions.textToBe(By.cssSelector("#summary dd[data-field='status']"), "delivered"));
		List<List<String>> erp = timeline("erp");
		assertThat(erp).hasSizeGreaterThanOrEqualTo(2);
		for (int i = 0; i < erp.size(); i++) {
			assertThat(erp.get(i).get(2)).as("attempts numbered").isEqualTo(String.valueOf(i + 1));
		}
		assertThat(erp.subList(0, erp.size() - 1)).allSatisfy((attempt) -> {
			assertThat(attempt.get(3)).isEqualTo("failed");
			assertThat(attempt.get(4)).isEqualTo("503");
		});
		List<String> last = erp.get(erp.size() - 1);
		assertThat(last.get(3)).isEqualTo("ok");
		assertThat(Integer.parseInt(last.get(4))).isBetween(200, 299);
		assertThat(simulator.erpAccepted().stream().filter((d) -> po.equals(d.purchaseOrderNumber())).count())
			.isEqualTo(1);
		// the timeline in view, down to the attempt that got through
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
				driver.findElement(By.id("deliveries")));
		screenshot("event-retried.png");
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
		signIn(base() + "/console");
	}

	/**
	 * Opens a page of the console without a session, which leads to the sign-in page, and
	 * signs in there as the operator.
	 */
	private void signIn(String page) {
		signedOut();
		driver.get(page);
		waitFor().until(ExpectedConditions.urlContains("/console/login"));
		submitSignIn(OPERATOR, OPERATOR_PASSWORD);
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
		waitFor().until(ExpectedConditions.textToBe(By.id("who"), OPERATOR));
	}

	/** No session: the cookies of the connector's site deleted. */
	private void signedOut() {
		driver.get(base() + "/console/login");
		driver.manage().deleteAllCookies();
	}

	private void submitSignIn(String username, String password) {
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
		driver.findElement(By.id("username")).sendKeys(username);
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.id("login-submit")).click();
	}

	private String base() {
		return "https://localhost:" + this.port;
	}

	/** The rows of the event page's timeline, each as its cells' text. */
	private static List<List<String>> timeline(String target) {
		// the page redraws itself every few seconds: a table replaced while read is read
		// again
		return waitFor().until((page) -> timelineNow(target));
	}

	private static List<List<String>> timelineNow(String target) {
		return driver.findElements(By.cssSelector("#deliveries tbody tr"))
			.stream()
			.map((row) -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
			.filter((cells) -> cells.size() == 8 && cells.get(1).equals(target))
			.toList();
	}

	private void search(String q) {
		WebElement box = driver.findElement(By.id("q"));
		box.clear();
		box.sendKeys(q);
		driver.findElement(By.id("search-submit")).click();
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-info"), "(1 events)"));
	}

	/** A wait that reads the page again when it redrew itself under a read. */
	private static WebDriverWait waitFor() {
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	private static void screenshot(String name) throws Exception {
		Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
