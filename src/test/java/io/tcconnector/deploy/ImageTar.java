package io.tcconnector.deploy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A container image as Jib's {@code buildTar} writes it (the layout of
 * {@code docker save}): {@code manifest.json}, the image configuration and one gzipped
 * tar per layer. Read once: the configuration, and every entry of every layer with its
 * mode, owner and the SHA-256 of its content.
 *
 * @param manifest the first image of {@code manifest.json}
 * @param config the image configuration
 * @param entries every path in the layers (without the leading {@code /}), the upper
 * layer's entry where two layers hold the same path
 */
record ImageTar(JsonNode manifest, JsonNode config, Map<String, Entry> entries) {

	/**
	 * One file or folder of a layer.
	 *
	 * @param directory whether it is a folder
	 * @param mode its permission bits
	 * @param uid its owner
	 * @param gid its group
	 * @param sha256 the SHA-256 of a file's content, hex; empty for a folder
	 * @param layer the position of its layer, 0 the lowest
	 */
	record Entry(boolean directory, int mode, long uid, long gid, String sha256, int layer) {
	}

	static ImageTar read(Path tar) {
		ObjectMapper json = new ObjectMapper();
		try (TarFile image = new TarFile(tar.toFile())) {
			Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
			for (TarArchiveEntry entry : image.getEntries()) {
				files.put(entry.getName(), entry);
			}
			JsonNode manifest;
			try (InputStream in = image.getInputStream(files.get("manifest.json"))) {
				manifest = json.readTree(in).get(0);
			}
			JsonNode config;
			try (InputStream in = image.getInputStream(files.get(manifest.path("Config").asText()))) {
				config = json.readTree(in);
			}
			Map<String, Entry> entries = new LinkedHashMap<>();
			List<String> layers = new ArrayList<>();
			manifest.path("Layers").forEach((layer) -> layers.add(layer.asText()));
			for (int i = 0; i < layers.size(); i++) {
				try (InputStream in = image.getInputStream(files.get(layers.get(i)));
						TarArchiveInputStream layer = new TarArchiveInputStream(
								new GzipCompressorInputStream(new BufferedInputStream(in)))) {
					for (TarArchiveEntry entry = layer.getNextEntry(); entry != null; entry = layer.getNextEntry()) {
						String name = entry.getName().replaceFirst("^/", "").replaceFirst("/$", "");
						entries.put(name, new Entry(entry.isDirectory(), entry.getMode() & 07777, entry.getLongUserId(),
								entry.getLongGroupId(), entry.isDirectory() ? "" : sha256(layer), i));
					}
				}
			}
			return new ImageTar(manifest, config, entries);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The files (not folders) under a folder of the image, by their path below it.
	 * @param folder a folder, without leading or trailing {@code /}
	 * @return path below the folder to SHA-256
	 */
	Map<String, String> filesUnder(String folder) {
		Map<String, String> files = new LinkedHashMap<>();
		this.entries.forEach((name, entry) -> {
			if (!entry.directory() && name.startsWith(folder + "/")) {
				files.put(name.substring(folder.length() + 1), entry.sha256());
			}
		});
		return files;
	}

	static String sha256(InputStream in) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[65536];
			for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return sha256(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
