package org.tgari.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * Logback's JSON encoder with each key-value pair of a line as a field of its own ({@code "call":"7",
 * "telegramCall":"1234"}), where logback writes them as a list of one-entry objects ({@code "kvpList":
 * [{"call":"7"}]}) that a log shipper cannot filter on without unpacking. Set {@code withKVPList} false
 * next to it, so each pair appears once.
 */
public class FieldsJsonEncoder extends JsonEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = super.encode(event);
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty() || line.length == 0 || line[0] != '{') return line;
        var fields = new StringBuilder(64);
        for (KeyValuePair p : pairs) {
            if (!fields.isEmpty()) fields.append(',');
            fields.append('"').append(escaped(p.key)).append("\":\"").append(escaped(String.valueOf(p.value))).append('"');
        }
        if (line.length > 1 && line[1] != '}') fields.append(','); // the encoder's own members follow
        byte[] head = fields.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[line.length + head.length];
        out[0] = '{';
        System.arraycopy(head, 0, out, 1, head.length);
        System.arraycopy(line, 1, out, 1 + head.length, line.length - 1);
        return out;
    }

    private static char[] escaped(String s) {
        return JsonStringEncoder.getInstance().quoteAsString(s);
    }
}
