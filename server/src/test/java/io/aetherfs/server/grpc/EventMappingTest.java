package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMappingTest {
    @Test
    void struct_mapsJsonValues_andKeepsLargeIntegersExactAsStrings() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", "a.txt");
        details.put("size", 42L);
        details.put("ratio", 0.5);
        details.put("exchange", true);
        details.put("nothing", null);
        details.put("fields", List.of("tags", "labels"));
        details.put("nested", Map.of("k", 1));
        details.put("mtime", 1_700_000_000_123_456_789L);
        Struct s = EventMapping.struct(details);
        Map<String, Value> f = s.getFieldsMap();
        assertThat(f.get("path").getStringValue()).isEqualTo("a.txt");
        assertThat(f.get("size").getNumberValue()).isEqualTo(42);
        assertThat(f.get("ratio").getNumberValue()).isEqualTo(0.5);
        assertThat(f.get("exchange").getBoolValue()).isTrue();
        assertThat(f.get("nothing").hasNullValue()).isTrue();
        assertThat(f.get("fields").getListValue().getValuesList())
                .extracting(Value::getStringValue)
                .containsExactly("tags", "labels");
        assertThat(f.get("nested").getStructValue().getFieldsMap().get("k").getNumberValue())
                .isEqualTo(1);
        assertThat(f.get("mtime").getStringValue()).isEqualTo("1700000000123456789");
        assertThat(EventMapping.struct(Map.of("list", Arrays.asList(1, null)))
                        .getFieldsMap()
                        .get("list")
                        .getListValue()
                        .getValuesCount())
                .isEqualTo(2);
    }
}
