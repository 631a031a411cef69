package io.tcconnector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with a random key made per simulator, for the access token signatures and
 * the presigned download URLs.
 */
final class HmacSha256 {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private HmacSha256(byte[] key) {
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	static HmacSha256 withRandomKey(SecureRandom random) {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return new HmacSha256(key);
	}

	byte[] sign(byte[] data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	String signBase64Url(byte[] data) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sign(data));
	}

	/**
	 * Compares two strings in constant time.
	 * @param expected the expected value
	 * @param actual the value received, may be null
	 * @return whether they are equal
	 */
	static boolean sameText(String expected, String actual) {
		if (actual == null) {
			return false;
		}
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

}
