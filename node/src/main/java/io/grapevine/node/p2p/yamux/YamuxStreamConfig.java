package io.grapevine.node.p2p.yamux;

import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.WriteBufferWaterMark;
import java.util.Map;

/** A stream's options: Netty's defaults (autoRead, water marks, ...) plus {@link ChannelOption#ALLOW_HALF_CLOSURE}. */
public final class YamuxStreamConfig extends DefaultChannelConfig {

    private volatile boolean allowHalfClosure;

    YamuxStreamConfig(YamuxStream stream, WriteBufferWaterMark waterMark) {
        super(stream);
        setWriteBufferWaterMark(waterMark);
    }

    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    public YamuxStreamConfig setAllowHalfClosure(boolean value) {
        allowHalfClosure = value;
        return this;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.ALLOW_HALF_CLOSURE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(allowHalfClosure);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            validate(option, value);
            allowHalfClosure = (Boolean) value;
            return true;
        }
        return super.setOption(option, value);
    }
}
