package io.tcconnector.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Encodings written once: a Basic {@code Authorization} header value, SHA-256 digests in
 * lower-case hex, instants as microseconds since the epoch (how the de-duplication table
 * stores them and how arrival times are made unique), and Tradecloud's date-times read as
 * instants.
 */
public final class Codecs {

	private Codecs() {
	}

	/**
	 * The value of an {@code Authorization} header for HTTP Basic authentication.
	 * @param username the user name
	 * @param password the password
	 * @return {@code Basic base64(username:password)}, UTF-8
	 */
	public static String basicAuthorization(String username, String password) {
		String pair = username + ":" + password;
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A new SHA-256 digest.
	 * @return the digest
	 */
	public static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * The SHA-256 of a text's UTF-8 bytes.
	 * @param text the text
	 * @return the 32 bytes of the digest
	 */
	public static byte[] sha256(String text) {
		return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Bytes in lower-case hex.
	 * @param bytes the bytes, a digest for instance
	 * @return two hex digits per byte
	 */
	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * An instant in microseconds since the epoch (nanoseconds dropped).
	 * @param instant the instant
	 * @return microseconds
	 */
	public static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	/**
	 * The instant of a number of microseconds since the epoch.
	 * @param micros microseconds
	 * @return the instant
	 */
	public static Instant fromMicros(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

	/**
	 * A date-time as Tradecloud writes it ({@code meta.createdDateTime}, a shipment's
	 * dates): ISO 8601 with an offset, or without one, taken as UTC.
	 * @param text the text, may be {@code null}
	 * @return the instant, {@code null} when the text is blank or not such a date-time
	 */
	public static Instant parseInstant(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				return null;
			}
		}
	}

}
