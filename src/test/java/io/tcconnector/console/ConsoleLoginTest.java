package io.tcconnector.console;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's pages behind the operator's sign-in, over real HTTPS: no page without it,
 * none for webhook credentials (neither as Basic nor at the form), the form needs the
 * CSRF token, the session cookie is HttpOnly and SameSite=Strict, the session opens the
 * pages and the API, signing out ends it; the API still takes the operator's Basic
 * credentials, without starting a session.
 */
class ConsoleLoginTest extends ConsoleTestSupport {

	static final String WEBHOOK_BASIC = TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD);

	@Test
	void noPageWithoutSigningIn() {
		ConsoleSession browser = new ConsoleSession(connector, this.port);
		for (String page : List.of("/console", "/console/", "/console/index.html", "/console/event.html?id=x")) {
			assertSentToSignIn(browser.get(page), page);
		}
	}

	@Test
	void webhookCredentialsOpenNothing() {
		ConsoleSession browser = new ConsoleSession(connector, this.port);
		// as Basic: the pages take no Basic at all, the API refuses them
		assertSentToSignIn(browser.get("/console/index.html", "Authorization", WEBHOOK_BASIC), "index.html");
		assertThat(browser.get("/admin/events", "Authorization", WEBHOOK_BASIC).statusCode()).isEqualTo(403);
		assertThat(browser.get("/admin/console/session", "Authorization", WEBHOOK_BASIC).statusCode()).isEqualTo(403);
		// at the form: not signed in
		HttpResponse<String> signIn = browser.signIn(TestConnector.USER, TestConnector.PASSWORD);
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?error");
		assertSentToSignIn(browser.get("/console/index.html"), "index.html after the webhook's sign-in");
		assertThat(browser.get("/admin/events").statusCode()).isEqualTo(401);
	}

	@Test
	void theOperatorsBasicCredentialsOpenTheApiButNoPage() {
		ConsoleSession curl = new ConsoleSession(connector, this.port);
		HttpResponse<String> events = curl.get("/admin/events", "Authorization", OPERATOR_BASIC);
		assertThat(events.statusCode()).isEqualTo(200);
		assertThat(events.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("JSESSIONID="));
		assertThat(curl.cookie("JSESSIONID")).isNull();
		assertSentToSignIn(curl.get("/console/index.html", "Authorization", OPERATOR_BASIC), "index.html");
		// that GET started a session (to come back to the page after signing in): a Basic
		// request to the API with its cookie does not sign the session in
		assertThat(curl.cookie("JSESSIONID")).isNotNull();
		assertThat(curl.get("/admin/events", "Authorization", OPERATOR_BASIC).statusCode()).isEqualTo(200);
		assertSentToSignIn(curl.get("/console/index.html"), "index.html with the session after Basic");
		assertThat(curl.get("/admin/events").statusCode()).isEqualTo(401);
	}

	@Test
	void theSignInFormNeedsTheCsrfToken() {
		ConsoleSession browser = new ConsoleSession(connector, this.port);
		browser.get(ConsoleSecurityConfiguration.LOGIN_PAGE);
		HttpResponse<String> refused = browser.postForm(ConsoleSecurityConfiguration.LOGIN_PAGE,
				Map.of("username", OPERATOR, "password", OPERATOR_PASSWORD));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("csrf");
		assertSentToSignIn(browser.get("/console/index.html"), "index.html");
	}

	@Test
	void theSignInPageIsServedFromTheJarWithAContentSecurityPolicy() {
		ConsoleSession browser = new ConsoleSession(connector, this.port);
		HttpResponse<String> page = browser.get(ConsoleSecurityConfiguration.LOGIN_PAGE);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertCsp(page);
		assertThat(page.body()).contains("<form id=\"login\" method=\"post\" action=\"/console/login\">",
				"name=\"_csrf\"", "<script src=\"console.js\" defer></script>");
		assertThat(browser.csrfToken()).as("the CSRF cookie the form sends back").isNotBlank();
		assertThat(browser.get("/console/console.js").statusCode()).isEqualTo(200);
		assertThat(browser.get("/console/console.css").statusCode()).isEqualTo(200);
	}

	@Test
	void theOperatorSignsInUsesPagesAndApiAndSignsOut() {
		ConsoleSession browser = new ConsoleSession(connector, this.port);
		HttpResponse<String> signIn = browser.signIn(OPERATOR, OPERATOR_PASSWORD);
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/console");
		String sessionCookie = signIn.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("JSESSIONID="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + signIn.headers().map()));
		assertThat(sessionCookie).containsIgnoringCase("; HttpOnly")
			.containsIgnoringCase("; SameSite=Strict")
			.containsIgnoringCase("; Secure");

		HttpResponse<String> console = browser.get("/console");
		assertThat(console.statusCode()).isEqualTo(302);
		assertThat(console.headers().firstValue("Location").orElseThrow()).endsWith("/console/index.html");
		HttpResponse<String> page = browser.get("/console/index.html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertCsp(page);
		assertThat(page.body()).contains("<script src=\"console.js\" defer></script>")
			.doesNotContain("onclick")
			.doesNotContain("<script>");
		assertThat(browser.get("/console/event.html?id=x").statusCode()).isEqualTo(200);
		// the API with the session alone, as console.js calls it
		HttpResponse<String> session = browser.get("/admin/console/session", "X-Requested-With", "console");
		assertThat(session.statusCode()).isEqualTo(200);
		assertThat(session.body()).contains("\"user\":\"" + OPERATOR + "\"");
		assertThat(browser.get("/admin/events", "X-Requested-With", "console").statusCode()).isEqualTo(200);
		// webhook credentials sent with the operator's session: refused, and the session
		// stays the operator's
		assertThat(browser.get("/admin/events", "Authorization", WEBHOOK_BASIC).statusCode()).isEqualTo(403);
		assertThat(browser.get("/admin/events", "X-Requested-With", "console").statusCode()).isEqualTo(200);
		HttpResponse<String> replay = browser.action("/admin/events/no-such-event/replay");
		assertThat(replay.statusCode()).as("past the CSRF check: " + replay.body()).isEqualTo(404);

		// signing out needs the token too
		assertThat(browser.postForm(ConsoleSecurityConfiguration.LOGOUT, Map.of()).statusCode()).isEqualTo(403);
		assertThat(browser.get("/console/index.html").statusCode()).isEqualTo(200);
		HttpResponse<String> signOut = browser.postForm(ConsoleSecurityConfiguration.LOGOUT,
				Map.of("_csrf", browser.csrfToken()));
		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(signOut.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?logout");
		assertSentToSignIn(browser.get("/console/index.html"), "index.html after signing out");
		HttpResponse<String> api = browser.get("/admin/events", "X-Requested-With", "console");
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("WWW-Authenticate")).as("no browser dialog for the console's requests")
			.isEmpty();
	}

	private static void assertSentToSignIn(HttpResponse<String> answer, String what) {
		assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(302);
		assertThat(answer.headers().firstValue("Location").orElseThrow()).as(what).endsWith("/console/login");
		assertThat(answer.body()).as(what).doesNotContain("<html");
	}

	private static void assertCsp(HttpResponse<String> page) {
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline");
	}

}
