package io.tcconnector.shipments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Keeps the body of a shipment event in a file under the data directory while it waits
 * for the split (a claim check): the queue carries the file's path, not the body, so that
 * neither the broker nor the split needs memory in proportion to the shipment's size.
 */
@Component("shipmentBodies")
public class ShipmentBodies {

	/** Header with the path of the file holding the shipment event's body. */
	public static final String BODY_FILE_HEADER = "tradecloudBodyFile";

	private static final Logger log = LoggerFactory.getLogger(ShipmentBodies.class);

	private final Path folder;

	public ShipmentBodies(TradecloudProperties properties) {
		this.folder = properties.getDataDir().resolve("pending-shipments");
	}

	/**
	 * Writes the body, durably, to a file of its own and makes its path the body and the
	 * {@value #BODY_FILE_HEADER} header.
	 * @param exchange the exchange holding a shipment event
	 */
	public void keep(Exchange exchange) {
		Message message = exchange.getMessage();
		String extension = message.getHeader(TradecloudHeaders.FORMAT, "json", String.class);
		try {
			Files.createDirectories(this.folder);
			Path file = this.folder.resolve(UUID.randomUUID() + "." + extension);
			Path part = this.folder.resolve("." + file.getFileName() + ".part");
			try (InputStream in = message.getMandatoryBody(InputStream.class);
					FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
							StandardOpenOption.WRITE)) {
				OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
				in.transferTo(out);
				out.flush();
				channel.force(true);
			}
			Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
			message.setHeader(BODY_FILE_HEADER, file.toAbsolutePath().toString());
			message.setBody(file.toAbsolutePath().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not keep the shipment in " + this.folder, ex);
		}
		catch (org.apache.camel.InvalidPayloadException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Deletes the file once the shipment has been split and delivered.
	 * @param file the {@value #BODY_FILE_HEADER} header
	 */
	public void release(@Header(BODY_FILE_HEADER) String file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(Path.of(file));
		}
		catch (IOException ex) {
			log.warn("Could not delete {} after the shipment was delivered: {}", file, ex.getMessage());
		}
	}

}
