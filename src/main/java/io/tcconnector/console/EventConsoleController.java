package io.tcconnector.console;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tcconnector.deadletters.DeadLetterAdmin;
import io.tcconnector.journal.EventJournal;
import io.tcconnector.journal.EventJournal.StoredBody;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The journal's JSON API for the operator (and the console): search events, read one, its
 * body as received, replay it.
 */
@RestController
public class EventConsoleController {

	private static final int MAX_PAGE_SIZE = 200;

	private static final Resource LOGIN_PAGE = new ClassPathResource("static/console/login.html");

	private final EventJournal journal;

	private final EventReplay replay;

	private final DeadLetterAdmin deadLetters;

	public EventConsoleController(EventJournal journal, EventReplay replay, DeadLetterAdmin deadLetters) {
		this.journal = journal;
		this.replay = replay;
		this.deadLetters = deadLetters;
	}

	@GetMapping({ "/console", "/console/" })
	ResponseEntity<Void> console() {
		return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, "/console/index.html").build();
	}

	/**
	 * The sign-in page, a static page of the jar; its form sends the CSRF token of the
	 * {@code XSRF-TOKEN} cookie set with it.
	 * @param csrf the CSRF token
	 * @return the page
	 */
	@GetMapping(ConsoleSecurityConfiguration.LOGIN_PAGE)
	ResponseEntity<Resource> login(CsrfToken csrf) {
		// loading the token sets its cookie
		csrf.getToken();
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(LOGIN_PAGE);
	}

	/**
	 * Who is signed in, and the token the console sends with its actions.
	 * @param principal the operator
	 * @param csrf the CSRF token
	 * @return the session
	 */
	@GetMapping("/admin/console/session")
	Map<String, Object> session(Principal principal, CsrfToken csrf) {
		Map<String, Object> session = new LinkedHashMap<>();
		session.put("user", principal.getName());
		session.put("csrfHeader", csrf.getHeaderName());
		session.put("csrfToken", csrf.getToken());
		return session;
	}

	@GetMapping("/admin/events")
	ResponseEntity<Object> search(@RequestParam(required = false) String q,
			@RequestParam(required = false) String status, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String eventName, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (status != null && !status.isBlank() && !EventJournal.STATUSES.contains(status.strip())) {
			return error(HttpStatus.BAD_REQUEST, "bad_request", "status is one of " + EventJournal.STATUSES);
		}
		Instant fromInstant;
		Instant toInstant;
		try {
			fromInstant = instant(from, false);
			toInstant = instant(to, true);
		}
		catch (DateTimeParseException ex) {
			return error(HttpStatus.BAD_REQUEST, "bad_request",
					"from and to are instants (2026-11-23T13:05:02Z) or dates (2026-11-23)");
		}
		EventJournal.Search search = new EventJournal.Search(q, status, kind, eventName, fromInstant, toInstant,
				Math.max(0, page), Math.max(1, Math.min(MAX_PAGE_SIZE, size)));
		return ResponseEntity.ok(this.journal.search(search));
	}

	@GetMapping("/admin/events/overview")
	Map<String, Object> overview() {
		Map<String, Object> overview = new LinkedHashMap<>(this.journal.overview());
		Object count;
		try {
			count = this.deadLetters.list().get("count");
		}
		catch (RuntimeException ex) {
			count = null;
		}
		overview.put("deadLetters", count);
		return overview;
	}

	@GetMapping("/admin/events/{id}")
	ResponseEntity<Object> event(@PathVariable String id) {
		Map<String, Object> event = this.journal.event(id);
		return (event != null) ? ResponseEntity.ok(event)
				: error(HttpStatus.NOT_FOUND, "not_found", "no event with id " + id);
	}

	@GetMapping("/admin/events/{id}/body")
	ResponseEntity<Object> body(@PathVariable String id) {
		StoredBody body = this.journal.body(id);
		if (body == null) {
			return error(HttpStatus.NOT_FOUND, "not_found", "no body kept for event " + id);
		}
		String extension = "xml".equals(body.format()) ? "xml" : "json";
		MediaType type;
		try {
			type = (body.contentType() != null) ? MediaType.parseMediaType(body.contentType())
					: MediaType.APPLICATION_OCTET_STREAM;
		}
		catch (RuntimeException ex) {
			type = MediaType.APPLICATION_OCTET_STREAM;
		}
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"event-" + id + "." + extension + "\"")
			.header("X-Content-Type-Options", "nosniff")
			.header("X-Body-Complete", String.valueOf(body.complete()))
			.body(body.bytes());
	}

	@PostMapping("/admin/events/{id}/replay")
	ResponseEntity<Object> replay(@PathVariable String id, @RequestParam(required = false) String target,
			Principal principal) {
		EventReplay.Outcome outcome = this.replay.replay(id, target, principal.getName());
		if (outcome.status() != 200) {
			return error(HttpStatus.valueOf(outcome.status()), outcome.error(), outcome.detail());
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", "replayed");
		answer.put("target", "erp".equalsIgnoreCase(target) ? "erp" : "all");
		answer.put("detail", outcome.detail());
		return ResponseEntity.ok(answer);
	}

	private static Instant instant(String value, boolean endOfDay) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		if (text.length() == 10) {
			LocalDate date = LocalDate.parse(text);
			return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		return Instant.parse(text);
	}

	private static ResponseEntity<Object> error(HttpStatus status, String error, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("detail", detail);
		return ResponseEntity.status(status).body(body);
	}

}
