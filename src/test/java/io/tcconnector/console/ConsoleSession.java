package io.tcconnector.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.tcconnector.support.TestConnector;

/**
 * A browser's view of the console without the browser: an HTTPS client that keeps the
 * cookies the connector sets (session, CSRF token) and does not follow redirects, so that
 * a test sees where it is sent.
 */
final class ConsoleSession {

	private final int port;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client;

	ConsoleSession(TestConnector connector, int port) {
		this.port = port;
		this.client = HttpClient.newBuilder()
			.sslContext(TestConnector.trusting(connector.dataDir().resolve("tls/localhost-cert.pem")))
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	URI uri(String path) {
		return URI.create("https://localhost:" + this.port + path);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/** A GET with headers, e.g. {@code Authorization}. */
	HttpResponse<String> get(String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).headers(headers).GET());
	}

	/** A form POST as the browser sends it, {@code _csrf} left out unless given. */
	HttpResponse<String> postForm(String path, Map<String, String> fields) {
		String form = fields.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** A POST as console.js sends an action: the token of the cookie in the header. */
	HttpResponse<String> action(String path) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("X-Requested-With", "console")
			.header("X-XSRF-TOKEN", csrfToken())
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Opens the sign-in page (which sets the CSRF cookie) and sends its form.
	 * @return the answer to the form
	 */
	HttpResponse<String> signIn(String username, String password) {
		get(ConsoleSecurityConfiguration.LOGIN_PAGE);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrfToken());
		return postForm(ConsoleSecurityConfiguration.LOGIN_PAGE, form);
	}

	/** The value of the XSRF-TOKEN cookie, or null. */
	String csrfToken() {
		return cookie("XSRF-TOKEN");
	}

	String cookie(String name) {
		return this.cookies.getCookieStore()
			.get(uri("/"))
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
