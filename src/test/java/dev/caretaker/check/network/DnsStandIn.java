package dev.caretaker.check.network;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS server on 127.0.0.1 (UDP, RFC 1035 §4) answering from a zone the test writes in master-file form: a known name and
 * type gets its records (NOERROR), a known name without that type an empty answer (NOERROR, "no data"), an unknown name
 * NXDOMAIN, a name marked broken SERVFAIL, a name marked silent no reply at all. Messages are read and built with dnsjava.
 */
final class DnsStandIn implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<Record> zone = new ArrayList<>();
    private final Set<Name> broken = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> asked = new ConcurrentHashMap<>();

    DnsStandIn() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve);
        t.setDaemon(true);
        t.start();
    }

    /** Adds a record written as in a zone file, e.g. {@code "example.com. 300 IN MX 10 mx1.example.com."}. */
    DnsStandIn record(String line) throws IOException {
        try (Master m = new Master(new ByteArrayInputStream(line.getBytes()))) {
            for (Record r; (r = m.nextRecord()) != null; ) {
                synchronized (zone) {
                    zone.add(r);
                }
            }
        }
        return this;
    }

    DnsStandIn broken(String name) throws IOException {
        broken.add(Name.fromString(name));
        return this;
    }

    DnsStandIn silent(String name) throws IOException {
        silent.add(Name.fromString(name));
        return this;
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Questions received so far. */
    int questions() {
        return asked.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                Record question = q.getQuestion();
                asked.merge(question.getType(), 1, Integer::sum);
                if (silent.contains(question.getName())) {
                    continue;
                }
                byte[] wire = answer(q, question).toWire();
                socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message q, Record question) {
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.addRecord(question, Section.QUESTION);
        if (broken.contains(question.getName())) {
            r.getHeader().setRcode(Rcode.SERVFAIL);
            return r;
        }
        boolean known = false;
        synchronized (zone) {
            for (Record z : zone) {
                if (z.getName().equals(question.getName())) {
                    known = true;
                    if (z.getType() == question.getType()) {
                        r.addRecord(z, Section.ANSWER);
                    }
                }
            }
        }
        if (!known) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return r;
    }

    @Override
    public void close() {
        socket.close();
    }
}
