package io.tcconnector.simulator;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic pseudo-random byte stream of a given length, produced while it is read
 * (SplitMix64 seeded from the SHA-256 of a name), so that a document of hundreds of
 * megabytes needs neither heap nor disk and tests can compute the expected bytes.
 */
final class GeneratedContentStream extends InputStream {

	private long state;

	private long remaining;

	private long word;

	private int bytesLeftInWord;

	GeneratedContentStream(String seedName, long size) {
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
		this.state = seedOf(seedName);
		this.remaining = size;
	}

	@Override
	public int read() {
		if (this.remaining <= 0) {
			return -1;
		}
		this.remaining--;
		return nextByte();
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (this.remaining <= 0) {
			return -1;
		}
		int count = (int) Math.min(length, this.remaining);
		for (int i = 0; i < count; i++) {
			buffer[offset + i] = (byte) nextByte();
		}
		this.remaining -= count;
		return count;
	}

	@Override
	public int available() {
		return (int) Math.min(Integer.MAX_VALUE, this.remaining);
	}

	private int nextByte() {
		if (this.bytesLeftInWord == 0) {
			this.word = nextWord();
			this.bytesLeftInWord = Long.BYTES;
		}
		int value = (int) (this.word & 0xFF);
		this.word >>>= 8;
		this.bytesLeftInWord--;
		return value;
	}

	private long nextWord() {
		this.state += 0x9E3779B97F4A7C15L;
		long mixed = this.state;
		mixed = (mixed ^ (mixed >>> 30)) * 0xBF58476D1CE4E5B9L;
		mixed = (mixed ^ (mixed >>> 27)) * 0x94D049BB133111EBL;
		return mixed ^ (mixed >>> 31);
	}

	private static long seedOf(String seedName) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(seedName.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(hash).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
