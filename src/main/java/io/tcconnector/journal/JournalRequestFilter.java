package io.tcconnector.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Journals every webhook request, before anything else looks at it (401s too): the body
 * is copied as the connector reads it (no extra read, up to
 * {@code tradecloud.journal.max-body-size}), the answer as it is written; the record goes
 * to the journal's background writer once the answer is sent. Refused requests keep a
 * small part of their body only, and at most {@code refused-per-minute} of them per
 * source address are journaled.
 */
public class JournalRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(JournalRequestFilter.class);

	private static final int ANSWER_LIMIT = 2000;

	private static final int MAX_SOURCES = 10_000;

	private final EventJournal journal;

	private final long maxBodySize;

	private final int refusedBodySize;

	private final int refusedPerMinute;

	private final Map<String, AtomicInteger> refusedThisMinute = new ConcurrentHashMap<>();

	private volatile long minute;

	public JournalRequestFilter(EventJournal journal) {
		this.journal = journal;
		this.maxBodySize = journal.settings().maxBodySize().toBytes();
		this.refusedBodySize = (int) Math.min(Integer.MAX_VALUE, journal.settings().refusedBodySize().toBytes());
		this.refusedPerMinute = journal.settings().refusedPerMinute();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.journal.settings().enabled()) {
			chain.doFilter(request, response);
			return;
		}
		Instant receivedAt = Instant.now();
		TeeRequest teeRequest = new TeeRequest(request, this.maxBodySize);
		TeeResponse teeResponse = new TeeResponse(response);
		try {
			chain.doFilter(teeRequest, teeResponse);
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AsyncListener() {

					@Override
					public void onComplete(AsyncEvent event) {
						journal(request, receivedAt, teeRequest, teeResponse);
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
				journal(request, receivedAt, teeRequest, teeResponse);
			}
		}
	}

	private void journal(HttpServletRequest request, Instant receivedAt, TeeRequest teeRequest,
			TeeResponse teeResponse) {
		try {
			int status = teeResponse.getStatus();
			String source = request.getRemoteAddr();
			byte[] body = teeRequest.copy.toByteArray();
			boolean complete = !teeRequest.truncated && teeRequest.finished;
			if (status >= 400 && status < 500) {
				if (!mayJournalRefused(source)) {
					return;
				}
				if (body.length > this.refusedBodySize) {
					body = java.util.Arrays.copyOf(body, this.refusedBodySize);
					complete = false;
				}
			}
			String query = request.getQueryString();
			String path = request.getRequestURI() + ((query != null) ? "?" + query : "");
			this.journal.offer(new JournalRecord.Request(receivedAt, source, request.getMethod(), path,
					schemeOf(request.getHeader("Authorization")), request.getContentType(), status,
					teeResponse.answer(), body, teeRequest.size, complete));
		}
		catch (RuntimeException ex) {
			log.warn("Could not journal {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		}
	}

	private boolean mayJournalRefused(String source) {
		long now = System.currentTimeMillis() / 60_000;
		if (now != this.minute) {
			this.minute = now;
			this.refusedThisMinute.clear();
		}
		if (this.refusedThisMinute.size() >= MAX_SOURCES && !this.refusedThisMinute.containsKey(source)) {
			return false;
		}
		int count = this.refusedThisMinute.computeIfAbsent(source, (key) -> new AtomicInteger()).incrementAndGet();
		if (count == this.refusedPerMinute + 1) {
			log.warn("More than {} refused requests from {} this minute: not journaling more of them",
					this.refusedPerMinute, source);
		}
		return count <= this.refusedPerMinute;
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
	 * A request whose body is copied as it is read.
	 */
	private static final class TeeRequest extends HttpServletRequestWrapper {

		final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		final long limit;

		long size;

		boolean truncated;

		boolean finished;

		private ServletInputStream stream;

		TeeRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		private void copied(byte[] bytes, int offset, int length) {
			if (length < 0) {
				this.finished = true;
				return;
			}
			this.size += length;
			int room = (int) Math.max(0, Math.min(length, this.limit - this.copy.size()));
			if (room < length) {
				this.truncated = true;
			}
			this.copy.write(bytes, offset, room);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream in = super.getInputStream();
				this.stream = new ServletInputStream() {

					@Override
					public int read() throws IOException {
						int read = in.read();
						if (read < 0) {
							TeeRequest.this.finished = true;
						}
						else {
							copied(new byte[] { (byte) read }, 0, 1);
						}
						return read;
					}

					@Override
					public int read(byte[] b, int off, int len) throws IOException {
						int read = in.read(b, off, len);
						copied(b, off, read);
						return read;
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}

					@Override
					public void close() throws IOException {
						in.close();
					}

				};
			}
			return this.stream;
		}

	}

	/**
	 * A response whose first bytes are copied as they are written.
	 */
	private static final class TeeResponse extends HttpServletResponseWrapper {

		final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		private ServletOutputStream stream;

		private java.io.PrintWriter writer;

		TeeResponse(HttpServletResponse response) {
			super(response);
		}

		String answer() {
			if (this.writer != null) {
				this.writer.flush();
			}
			return this.copy.toString(java.nio.charset.StandardCharsets.UTF_8);
		}

		private void copied(byte[] bytes, int offset, int length) {
			int room = Math.max(0, Math.min(length, ANSWER_LIMIT - this.copy.size()));
			this.copy.write(bytes, offset, room);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				ServletOutputStream out = super.getOutputStream();
				this.stream = new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						out.write(b);
						copied(new byte[] { (byte) b }, 0, 1);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						out.write(b, off, len);
						copied(b, off, len);
					}

					@Override
					public void flush() throws IOException {
						out.flush();
					}

					@Override
					public void close() throws IOException {
						out.close();
					}

					@Override
					public boolean isReady() {
						return out.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						out.setWriteListener(listener);
					}

				};
			}
			return this.stream;
		}

		@Override
		public java.io.PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				String name = getCharacterEncoding();
				java.nio.charset.Charset charset = (name != null) ? java.nio.charset.Charset.forName(name)
						: java.nio.charset.StandardCharsets.UTF_8;
				ServletOutputStream out = getOutputStream();
				// encodes each write at once: nothing waits in a buffer the container
				// does not know of
				this.writer = new java.io.PrintWriter(new java.io.Writer() {

					@Override
					public void write(char[] chars, int offset, int length) throws IOException {
						out.write(new String(chars, offset, length).getBytes(charset));
					}

					@Override
					public void flush() throws IOException {
						out.flush();
					}

					@Override
					public void close() throws IOException {
						out.close();
					}

				});
			}
			return this.writer;
		}

	}

}
