package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the new channel kinds accept, and the words for what they refuse: the key, the place, what to write. */
class ChannelConfigTest {
    private static CaretakerConfig parse(String channel) {
        return dev.caretaker.engine.Engine.configLoader(Map.of()).parse("caretaker.yml", Path.of("caretaker.yml"),
                "system: shop\nnotify:\n  channels:\n    c: " + channel + "\n");
    }

    private static List<String> problems(String channel) {
        try {
            parse(channel);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused");
    }

    @Test
    void each_kind_with_its_required_keys_is_read_with_its_public_endpoint_as_default() {
        assertThat(parse("{type: telegram, bot_token: '123:abc-DEF_g', chat_id: '-100'}").notifications().channels().get("c").settings())
                .isEqualTo(new TelegramChannel.Settings("123:abc-DEF_g", "-100", TelegramChannel.API));
        assertThat(((OpsgenieChannel.Settings) parse("{type: opsgenie, api_key: k-123456}").notifications().channels().get("c").settings())
                .baseUrl()).hasToString("https://api.opsgenie.com");
        assertThat(((NtfyChannel.Settings) parse("{type: ntfy, topic: ops}").notifications().channels().get("c").settings()).baseUrl())
                .hasToString("https://ntfy.sh");
        assertThat(((PushoverChannel.Settings) parse("{type: pushover, user: u-12345, token: t-12345}").notifications().channels().get("c")
                .settings()).baseUrl()).hasToString("https://api.pushover.net");
        var sms = (TwilioChannel.Settings) parse("{type: twilio, account_sid: AC0123456789abcdef0123456789abcdef, auth_token: t-1234, "
                + "from: '+15017122661', to: ['+4915112345678']}").notifications().channels().get("c").settings();
        assertThat(sms.baseUrl()).hasToString("https://api.twilio.com");
        assertThat(sms.to()).containsExactly("+4915112345678");
    }

    @Test
    void missing_and_malformed_keys_are_named_with_what_to_write() {
        assertThat(problems("{type: telegram, bot_token: 'not a token'}"))
                .anySatisfy(p -> assertThat(p).contains("'notify.channels.c.bot_token' is not a Telegram bot token"))
                .anySatisfy(p -> assertThat(p).contains("needs 'chat_id'"))
                .allSatisfy(p -> assertThat(p).doesNotContain("not a token"));
        assertThat(problems("{type: opsgenie}")).anySatisfy(p -> assertThat(p).contains("needs 'api_key', the key of an API integration"));
        assertThat(problems("{type: ntfy, topic: 'a b', token: tk_x1234, user: ops, password: pw-1234}"))
                .anySatisfy(p -> assertThat(p).contains("'a b' is not an ntfy topic"))
                .anySatisfy(p -> assertThat(p).contains("give either 'token'"));
        assertThat(problems("{type: pushover, user: u-12345}")).anySatisfy(p -> assertThat(p).contains("needs 'token'"));
        assertThat(problems("{type: twilio, account_sid: AC12, auth_token: t-1234, from: '+15017122661', to: ['0151 1234567']}"))
                .anySatisfy(p -> assertThat(p).contains("'notify.channels.c.account_sid' is not a Twilio account SID"))
                .anySatisfy(p -> assertThat(p).contains("caretaker.yml:").contains("'0151 1234567' is not a phone number in E.164 form"));
        assertThat(problems("{type: telegram, bot_token: '1:a', chat_id: '1', webhook: x}"))
                .as("an unknown key is still refused").anySatisfy(p -> assertThat(p).contains("webhook"));
    }
}
