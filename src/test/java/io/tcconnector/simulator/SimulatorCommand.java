package io.tcconnector.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator on the command line: {@code serve} runs a {@link TradecloudSimulator}
 * (with its stand-in ERP and its Entra ID look-alike, where it registers a demo client)
 * until killed, {@code send} posts webhook files to a receiver with {@link WebhookSender}
 * (Basic, a static bearer token or an OAuth2 token from a token endpoint). Exit codes: 0
 * done (every file delivered), 1 some file not delivered, 2 bad arguments.
 */
public final class SimulatorCommand {

	static final String USAGE = """
			usage:
			  serve [--port 18080] [--user EMAIL] [--password PW] [--access-token-lifetime 60s]
			        [--refresh-token-lifetime 10m] [--download-url-lifetime 30s]
			      runs a local Tradecloud until killed, with a stand-in ERP under /erp/
			      (deliveries to /erp/order-events, OAuth2 tokens from /erp/oauth2/token)
			      and an Entra ID look-alike under /entra/{tenant}/ (discovery, keys,
			      token endpoint) with the demo client tradecloud-webhooks, secret
			      simulator-client-secret, any scope <resource>/.default
			  send --url URL [--method POST|PUT]
			       [--basic user:password | --bearer TOKEN
			        | --oauth2 TOKEN_URL --client-id ID --client-secret SECRET --scope SCOPE]
			       [--insecure | --trust cert.pem] [--attempts 5] [--initial-delay 1s] FILE...
			      sends each file as a webhook (.xml as application/xml, else application/json);
			      --oauth2 gets a token with client credentials (client_secret_post) from
			      TOKEN_URL once, keeps it while valid and sends it as Authorization: Bearer;
			      --insecure and --trust apply to the token endpoint too
			durations: 500ms, 60s, 10m, 1h or ISO-8601 (PT60S)""";

	/** The client id {@code serve} registers with the Entra look-alike. */
	static final String DEMO_CLIENT_ID = EntraTokens.DEFAULT_CLIENT_ID;

	/** The client secret {@code serve} registers with the Entra look-alike. */
	static final String DEMO_CLIENT_SECRET = "simulator-client-secret";

	/** A scope for the demo client: tokens for the audience {@code api://connector}. */
	static final String DEMO_SCOPE = EntraTokens.DEFAULT_AUDIENCE + "/.default";

	private static final Set<String> SERVE_OPTIONS = Set.of("--port", "--user", "--password", "--access-token-lifetime",
			"--refresh-token-lifetime", "--download-url-lifetime");

	private static final Set<String> SEND_OPTIONS = Set.of("--url", "--method", "--basic", "--bearer", "--trust",
			"--attempts", "--initial-delay", "--oauth2", "--client-id", "--client-secret", "--scope");

	private static final List<String> OAUTH2_OPTIONS = List.of("--client-id", "--client-secret", "--scope");

	private static final Set<String> SEND_FLAGS = Set.of("--insecure");

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

	private final PrintStream out;

	private SimulatorCommand(PrintStream out) {
		this.out = out;
	}

	/**
	 * Runs the command line, started with
	 * {@code ./mvnw -q test-compile exec:java@simulator -Dexec.args="serve --port 18080"}
	 * (the {@code simulator} execution in {@code pom.xml}). Not public on purpose: the
	 * exec plugin calls it all the same, and Spring Boot's main class search, which only
	 * looks at public ones, then finds the demo alone in the test classes for
	 * {@code ./mvnw spring-boot:test-run}.
	 * @param args {@code serve ...} or {@code send ...}, see the usage text
	 * @throws InterruptedException when interrupted while serving
	 */
	static void main(String[] args) throws InterruptedException {
		SimulatorCommand command = new SimulatorCommand(System.out);
		try {
			if (args.length > 0 && args[0].equals("serve")) {
				command.serve(serveSettings(List.of(args).subList(1, args.length)));
				return;
			}
			System.exit(command.run(args));
		}
		catch (UsageException ex) {
			System.err.println("error: " + ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
		}
		catch (UncheckedIOException ex) {
			System.err.println("error: " + ex.getMessage());
			System.exit(1);
		}
	}

	/**
	 * Runs a command that ends by itself ({@code send}, {@code help}).
	 * @param args the arguments
	 * @return the exit code
	 */
	int run(String[] args) {
		if (args.length == 0) {
			throw new UsageException("no command");
		}
		List<String> rest = List.of(args).subList(1, args.length);
		return switch (args[0]) {
			case "send" -> send(rest);
			case "help", "--help", "-h" -> {
				this.out.println(USAGE);
				yield 0;
			}
			default -> throw new UsageException("unknown command " + args[0]);
		};
	}

	/**
	 * Runs {@code send} with an output stream of the caller's choice, for tests.
	 * @param args the arguments after {@code send}
	 * @param out where the result lines go
	 * @return the exit code: 0 every file delivered, 1 otherwise, 2 bad arguments
	 */
	static int runSend(List<String> args, PrintStream out) {
		try {
			return new SimulatorCommand(out).send(args);
		}
		catch (UsageException ex) {
			out.println("error: " + ex.getMessage());
			out.println(USAGE);
			return 2;
		}
	}

	static SimulatorSettings serveSettings(List<String> args) {
		ParsedArguments parsed = ParsedArguments.parse(args, SERVE_OPTIONS, Set.of());
		if (!parsed.files().isEmpty()) {
			throw new UsageException("serve takes no files: " + parsed.files());
		}
		SimulatorSettings settings = SimulatorSettings.defaults();
		Map<String, String> options = parsed.options();
		if (options.containsKey("--port")) {
			settings = settings.withPort(number(options.get("--port"), "--port"));
		}
		settings = settings.withUser(options.getOrDefault("--user", settings.userEmail()),
				options.getOrDefault("--password", settings.userPassword()));
		if (options.containsKey("--access-token-lifetime")) {
			settings = settings.withAccessTokenLifetime(duration(options.get("--access-token-lifetime")));
		}
		if (options.containsKey("--refresh-token-lifetime")) {
			settings = settings.withRefreshTokenLifetime(duration(options.get("--refresh-token-lifetime")));
		}
		if (options.containsKey("--download-url-lifetime")) {
			settings = settings.withDownloadUrlLifetime(duration(options.get("--download-url-lifetime")));
		}
		return settings;
	}

	static Duration duration(String text) {
		Matcher matcher = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				return switch (matcher.group(2)) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					default -> Duration.ofHours(amount);
				};
			}
			return Duration.parse(text.trim());
		}
		catch (RuntimeException ex) {
			throw new UsageException("not a duration: " + text);
		}
	}

	private void serve(SimulatorSettings settings) throws InterruptedException {
		TradecloudSimulator simulator = TradecloudSimulator.start(settings);
		simulator.registerEntraClient(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}, "tradecloud-simulator-shutdown"));
		printAddresses(simulator, settings, this.out);
		stopped.await();
	}

	/**
	 * Prints where {@code serve} listens and the connector settings that go with it; the
	 * Entra demo client it lists is the one {@code serve} registers.
	 * @param simulator the running simulator
	 * @param settings its settings
	 * @param out where the lines go
	 */
	static void printAddresses(TradecloudSimulator simulator, SimulatorSettings settings, PrintStream out) {
		boolean defaultPassword = settings.userPassword().equals(SimulatorSettings.DEFAULT_USER_PASSWORD);
		out.println("Tradecloud simulator on " + simulator.baseUrl() + " (Ctrl+C to stop)");
		out.println("  API:              " + simulator.apiUrl());
		out.println("  legacy API v1:    " + simulator.legacyApiUrl());
		out.println("  partner content:  " + simulator.baseUrl() + "/content/");
		out.println("  ERP stand-in:     " + simulator.erpUrl());
		out.println("  ERP token URL:    " + simulator.erpTokenUrl());
		out.println("  control API:      " + simulator.baseUrl() + "/simulator/");
		out.println("Entra ID look-alike (tenant " + TradecloudSimulator.ENTRA_TENANT + "):");
		out.println("  issuer v2:        " + simulator.entraIssuerV2());
		out.println("  issuer v1:        " + simulator.entraIssuerV1());
		out.println("  JWKS:             " + simulator.entraJwksUrl());
		out.println("  token URL:        " + simulator.entraTokenUrl());
		out.println("  demo client:      " + DEMO_CLIENT_ID + " / " + DEMO_CLIENT_SECRET + ", scope " + DEMO_SCOPE);
		out.println("Connector settings:");
		out.println("  TRADECLOUD_API_URL=" + simulator.apiUrl());
		out.println("  TRADECLOUD_API_USERNAME=" + settings.userEmail());
		out.println("  TRADECLOUD_API_PASSWORD="
				+ (defaultPassword ? SimulatorSettings.DEFAULT_USER_PASSWORD : "<the value given with --password>"));
		out.println("  TRADECLOUD_ERP_URL=" + simulator.erpUrl());
	}

	private int send(List<String> args) {
		ParsedArguments parsed = ParsedArguments.parse(args, SEND_OPTIONS, SEND_FLAGS);
		Map<String, String> options = parsed.options();
		if (!options.containsKey("--url")) {
			throw new UsageException("--url is required");
		}
		if (parsed.files().isEmpty()) {
			throw new UsageException("no files to send");
		}
		if (options.containsKey("--basic") && options.containsKey("--bearer")) {
			throw new UsageException("use --basic or --bearer, not both");
		}
		checkOAuth2Options(options);
		if (options.containsKey("--trust") && parsed.flags().contains("--insecure")) {
			throw new UsageException("use --insecure or --trust, not both");
		}
		URI target = uri(options.get("--url"));
		String method = options.getOrDefault("--method", "POST").toUpperCase(Locale.ROOT);
		if (!method.equals("POST") && !method.equals("PUT")) {
			throw new UsageException("--method must be POST or PUT");
		}
		int attempts = number(options.getOrDefault("--attempts", "5"), "--attempts");
		if (attempts < 1) {
			throw new UsageException("--attempts must be at least 1");
		}
		Duration initialDelay = duration(options.getOrDefault("--initial-delay", "1s"));
		RetryPolicy policy = new RetryPolicy(initialDelay, 2.0, initialDelay.multipliedBy(30), attempts);
		HttpClient client = client(options, parsed.flags());
		WebhookSender sender = options.containsKey("--oauth2")
				? WebhookSender.withOAuth2(client, policy, uri(options.get("--oauth2")), options.get("--client-id"),
						options.get("--client-secret"), options.get("--scope"))
				: new WebhookSender(client, policy);
		String authorization = authorization(options);
		boolean allDelivered = true;
		for (String file : parsed.files()) {
			Path path = Path.of(file);
			byte[] body;
			try {
				body = Files.readAllBytes(path);
			}
			catch (IOException ex) {
				this.out.println(file + " unreadable (" + ex.getMessage() + ")");
				allDelivered = false;
				continue;
			}
			SendResult result = (authorization != null)
					? sender.send(target, method, body, contentType(path), authorization)
					: sender.send(target, method, body, contentType(path));
			this.out.println(file + " status " + result.finalStatus() + " attempts " + result.attempts());
			allDelivered &= result.delivered();
		}
		return allDelivered ? 0 : 1;
	}

	private static void checkOAuth2Options(Map<String, String> options) {
		if (!options.containsKey("--oauth2")) {
			for (String option : OAUTH2_OPTIONS) {
				if (options.containsKey(option)) {
					throw new UsageException(option + " goes with --oauth2");
				}
			}
			return;
		}
		if (options.containsKey("--basic") || options.containsKey("--bearer")) {
			throw new UsageException("use --oauth2, --basic or --bearer, only one");
		}
		for (String option : OAUTH2_OPTIONS) {
			if (!options.containsKey(option)) {
				throw new UsageException("--oauth2 needs " + String.join(", ", OAUTH2_OPTIONS));
			}
		}
	}

	private static HttpClient client(Map<String, String> options, Set<String> flags) {
		if (flags.contains("--insecure")) {
			return WebhookSender.insecureClient();
		}
		if (options.containsKey("--trust")) {
			try {
				return WebhookSender.trusting(Path.of(options.get("--trust")));
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new UsageException("cannot use " + options.get("--trust") + ": " + ex.getMessage());
			}
		}
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	private static String authorization(Map<String, String> options) {
		if (options.containsKey("--basic")) {
			if (!options.get("--basic").contains(":")) {
				throw new UsageException("--basic takes user:password");
			}
			return "Basic "
					+ Base64.getEncoder().encodeToString(options.get("--basic").getBytes(StandardCharsets.UTF_8));
		}
		if (options.containsKey("--bearer")) {
			return "Bearer " + options.get("--bearer");
		}
		return null;
	}

	static String contentType(Path file) {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml") ? "application/xml"
				: "application/json";
	}

	private static URI uri(String text) {
		try {
			URI uri = URI.create(text);
			if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
				throw new IllegalArgumentException("not http or https");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("not an http(s) URL: " + text);
		}
	}

	private static int number(String text, String option) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new UsageException(option + " takes a number: " + text);
		}
	}

	/**
	 * Options with values, flags and the remaining arguments (files).
	 */
	private record ParsedArguments(Map<String, String> options, Set<String> flags, List<String> files) {

		static ParsedArguments parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
			Map<String, String> options = new HashMap<>();
			Set<String> flags = new HashSet<>();
			List<String> files = new ArrayList<>();
			for (int i = 0; i < args.size(); i++) {
				String arg = args.get(i);
				if (valueOptions.contains(arg)) {
					if (i + 1 >= args.size()) {
						throw new UsageException(arg + " needs a value");
					}
					options.put(arg, args.get(++i));
				}
				else if (flagOptions.contains(arg)) {
					flags.add(arg);
				}
				else if (arg.startsWith("--")) {
					throw new UsageException("unknown option " + arg);
				}
				else {
					files.add(arg);
				}
			}
			return new ParsedArguments(options, flags, files);
		}

	}

	/**
	 * Bad command line arguments.
	 */
	static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message);
		}

	}

}
