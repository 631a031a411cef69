package io.tcconnector.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A stand-alone ActiveMQ Artemis broker on a loopback port, persistent, as the broker
 * several connector instances of a cluster share instead of their embedded ones.
 */
public final class ExternalBroker implements AutoCloseable {

	private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();

	private final int port;

	private ExternalBroker(int port) {
		this.port = port;
	}

	/**
	 * Starts a broker on a free loopback port, its journal in a temporary folder.
	 * @return the running broker
	 */
	public static ExternalBroker start() {
		try (ServerSocket socket = new ServerSocket(0)) {
			ExternalBroker external = new ExternalBroker(socket.getLocalPort());
			socket.close();
			Path data = Files.createTempDirectory("external-broker");
			Configuration configuration = new ConfigurationImpl().setSecurityEnabled(false)
				.setPersistenceEnabled(true)
				.setJournalType(JournalType.NIO)
				.setJournalDirectory(data.resolve("journal").toString())
				.setBindingsDirectory(data.resolve("bindings").toString())
				.setLargeMessagesDirectory(data.resolve("large-messages").toString())
				.setPagingDirectory(data.resolve("paging").toString())
				.addAcceptorConfiguration("tcp", external.url());
			external.broker.setConfiguration(configuration);
			external.broker.start();
			return external;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("the external broker did not start", ex);
		}
	}

	/**
	 * Where clients connect.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String url() {
		return "tcp://127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		try {
			this.broker.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
