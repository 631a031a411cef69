package io.tcconnector.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Journals every webhook request, before anything else looks at it (401s too): the body
 * is kept as the connector reads it (Spring's {@link ContentCachingRequestWrapper}, no
 * extra read, at most {@code tradecloud.journal.max-body-size} of it in memory: a larger
 * body is read and delivered whole, and journaled without its end), the answer as it is
 * written ({@link ContentCachingResponseWrapper}, copied to the client when the request
 * is done); the record goes to the journal's background writer once the answer is
 * complete. Refused requests keep a small part of their body only, and at most
 * {@code refused-per-minute} of them per source address and minute (from the first one
 * the source sent) are journaled: the others are counted
 * ({@link EventJournal#refusedNotJournaled()}) and a WARN says when a source starts being
 * dropped.
 * <p>
 * It is registered for {@code /webhooks/*} only, whose answers are short JSON: the
 * response wrapper holds an answer until the request is done, so it must not be put in
 * front of a streamed download (the console's body download is not under it). The webhook
 * routes answer asynchronously (platform-http), so the filter also runs on the async
 * dispatch and finishes there.
 */
public class JournalRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(JournalRequestFilter.class);

	private static final int ANSWER_LIMIT = 2000;

	private static final int MAX_SOURCES = 10_000;

	private final EventJournal journal;

	private final int maxBodySize;

	private final int refusedBodySize;

	private final int refusedPerMinute;

	private final Map<String, RefusedWindow> refusedThisMinute = new ConcurrentHashMap<>();

	public JournalRequestFilter(EventJournal journal) {
		this.journal = journal;
		this.maxBodySize = (int) Math.min(Integer.MAX_VALUE, journal.settings().maxBodySize().toBytes());
		this.refusedBodySize = (int) Math.min(Integer.MAX_VALUE, journal.settings().refusedBodySize().toBytes());
		this.refusedPerMinute = journal.settings().refusedPerMinute();
	}

	/**
	 * Runs on the async dispatch too: that is where a webhook's answer is complete.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.journal.settings().enabled()) {
			chain.doFilter(request, response);
			return;
		}
		// on the async dispatch the wrappers of the first pass come back, inside Spring
		// Security's own
		JournaledRequest journaled = WebUtils.getNativeRequest(request, JournaledRequest.class);
		ContentCachingResponseWrapper answer = WebUtils.getNativeResponse(response,
				ContentCachingResponseWrapper.class);
		if (journaled == null || answer == null) {
			journaled = new JournaledRequest(request, this.maxBodySize);
			answer = new ContentCachingResponseWrapper(response);
		}
		try {
			chain.doFilter(journaled, answer);
		}
		finally {
			if (request.isAsyncStarted()) {
				// finished on the async dispatch; journaled when the request completes
				// without one (the client gone)
				JournaledRequest started = journaled;
				ContentCachingResponseWrapper startedAnswer = answer;
				request.getAsyncContext().addListener(new AsyncListener() {

					@Override
					public void onComplete(AsyncEvent event) {
						journal(started, startedAnswer.getStatus(), answerOf(startedAnswer), false);
					}

					@Override
					public void onTimeout(AsyncEvent event) {
					}

					@Override
					public void onError(AsyncEvent event) {
					}

					@Override
					public void onStartAsync(AsyncEvent event) {
					}

				});
			}
			else {
				// read before the copy: copying empties the wrapper
				String answerText = answerOf(answer);
				try {
					answer.copyBodyToResponse();
				}
				finally {
					journal(journaled, answer.getStatus(), answerText, true);
				}
			}
		}
	}

	private void journal(JournaledRequest request, int status, String answer, boolean live) {
		if (!request.journaled.compareAndSet(false, true)) {
			return;
		}
		try {
			String source = request.getRemoteAddr();
			byte[] body = request.getContentAsByteArray();
			long declared = request.getContentLengthLong();
			boolean complete = !request.overflowed
					&& ((declared >= 0) ? body.length == declared : live && request.bodyFinished());
			long size = (declared >= 0) ? declared : (complete ? body.length : -1);
			if (status >= 400 && status < 500) {
				if (!mayJournalRefused(source)) {
					return;
				}
				if (body.length > this.refusedBodySize) {
					body = Arrays.copyOf(body, this.refusedBodySize);
					complete = false;
				}
			}
			String query = request.getQueryString();
			String path = request.getRequestURI() + ((query != null) ? "?" + query : "");
			this.journal.offer(new JournalRecord.Request(request.receivedAt, source, request.getMethod(), path,
					schemeOf(request.getHeader("Authorization")), request.getContentType(), status, answer, body, size,
					complete));
		}
		catch (RuntimeException ex) {
			log.warn("Could not journal {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		}
	}

	private static String answerOf(ContentCachingResponseWrapper answer) {
		byte[] bytes = answer.getContentAsByteArray();
		return new String(bytes, 0, Math.min(bytes.length, ANSWER_LIMIT), StandardCharsets.UTF_8);
	}

	private boolean mayJournalRefused(String source) {
		long now = System.currentTimeMillis();
		if (this.refusedThisMinute.size() >= MAX_SOURCES) {
			this.refusedThisMinute.values().removeIf((window) -> window.endedBy(now));
		}
		if (this.refusedThisMinute.size() >= MAX_SOURCES && !this.refusedThisMinute.containsKey(source)) {
			this.journal.countRefusedNotJournaled();
			return false;
		}
		RefusedWindow window = this.refusedThisMinute.compute(source,
				(key, current) -> (current == null || current.endedBy(now)) ? new RefusedWindow(now) : current);
		int count = window.count.incrementAndGet();
		if (count <= this.refusedPerMinute) {
			return true;
		}
		if (count == this.refusedPerMinute + 1) {
			log.warn("More than {} refused requests from {} this minute: not journaling more of them",
					this.refusedPerMinute, source);
		}
		this.journal.countRefusedNotJournaled();
		return false;
	}

	/** The refused requests of one source in the minute from its first one. */
	private record RefusedWindow(long start, AtomicInteger count) {

		RefusedWindow(long start) {
			this(start, new AtomicInteger());
		}

		boolean endedBy(long now) {
			return now - this.start >= 60_000;
		}

	}

	static String schemeOf(String authorization) {
		if (authorization == null || authorization.isBlank()) {
			return "none";
		}
		String scheme = authorization.strip().split("\\s+", 2)[0];
		if (scheme.equalsIgnoreCase("basic")) {
			return "Basic";
		}
		return scheme.equalsIgnoreCase("bearer") ? "Bearer" : "unsupported";
	}

	/**
	 * A request whose body Spring keeps as it is read, up to the journal's limit; it
	 * notes when it arrived, whether the body went past the limit and whether it has been
	 * journaled.
	 */
	private static final class JournaledRequest extends ContentCachingRequestWrapper {

		final Instant receivedAt = Instant.now();

		final AtomicBoolean journaled = new AtomicBoolean();

		volatile boolean overflowed;

		JournaledRequest(HttpServletRequest request, int limit) {
			super(request, limit);
		}

		@Override
		protected void handleContentOverflow(int contentCacheLimit) {
			// the body goes on being read and delivered; the journal keeps its start
			this.overflowed = true;
		}

		/**
		 * Whether a body without Content-Length (chunked) was read to its end.
		 */
		boolean bodyFinished() {
			try {
				return getInputStream().isFinished();
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}

	}

}
