package io.tcconnector.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The id of one connector instance, kept in {@code <data-dir>/instance-id}: the same
 * after a restart on the same data directory, different for every instance of a cluster.
 *
 * @param value the id
 */
public record InstanceId(String value) {

	/**
	 * Reads the id from the data directory, or makes one there.
	 * @param dataDir the data directory
	 * @return the id
	 */
	public static InstanceId of(Path dataDir) {
		Path file = dataDir.resolve("instance-id");
		try {
			if (Files.exists(file)) {
				return new InstanceId(Files.readString(file, StandardCharsets.UTF_8).strip());
			}
			Files.createDirectories(dataDir);
			String id = UUID.randomUUID().toString();
			Path part = dataDir.resolve(".instance-id.part");
			Files.writeString(part, id, StandardCharsets.UTF_8);
			Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return new InstanceId(id);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot keep the instance id in " + file, ex);
		}
	}

}
