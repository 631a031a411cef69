import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Measures a JVM's live heap: over JMX, runs a full garbage collection and reads the heap
 * in use, every INTERVAL milliseconds until the file STOP exists; prints the largest.
 *
 * java bench/HeapProbe.java JMX_PORT INTERVAL_MS STOP_FILE
 */
public class HeapProbe {

	public static void main(String[] args) throws Exception {
		JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + args[0] + "/jmxrmi");
		long interval = Long.parseLong(args[1]);
		Path stop = Path.of(args[2]);
		long peak = 0;
		try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
			MBeanServerConnection server = connector.getMBeanServerConnection();
			MemoryMXBean memory = JMX.newMXBeanProxy(server, new ObjectName(ManagementFactory.MEMORY_MXBEAN_NAME),
					MemoryMXBean.class);
			do {
				memory.gc();
				peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
				Thread.sleep(interval);
			}
			while (!Files.exists(stop));
		}
		System.out.println(peak / (1024 * 1024));
	}

}
