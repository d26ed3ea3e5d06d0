package io.grapevine.node.market;

import io.grapevine.market.contentkey.ChunkCipher;
import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import io.grapevine.market.signature.Signer;
import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentFile;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.FileNames;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.content.MediaTypes;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ManifestStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Paid shares: the content is cut as usual, each chunk encrypted under a fresh content key (AES-256-GCM, the chunk's
 * index bound in, 16 tag bytes added); the sealed units, concatenated, form one sealed byte stream that is cut again
 * into chunks of the same (power-of-two) size. Only these ciphertext chunks and the ciphertext manifest enter the stores, so anyone may relay and
 * verify them. The plaintext manifest (names, sizes, plaintext digests) and the key stay in the ledger; buyers get the
 * manifest with their license. The content feature's share path calls {@link #share} when the price is above zero.
 */
public final class PaidShares implements io.grapevine.node.share.PaidSharing {
    /** Suffix of the ciphertext manifest's one file: the sealed byte stream of the whole share. */
    public static final String SEALED_SUFFIX = ".grapevine-sealed";

    private final ChunkStore chunks;
    private final ManifestStore manifests;
    private final MarketLedger ledger;
    private final Signer seller;
    private final io.grapevine.market.chain.MarketNetwork network;

    public PaidShares(ChunkStore chunks, ManifestStore manifests, MarketLedger ledger, Signer seller,
                      io.grapevine.market.chain.MarketNetwork network) {
        this.network = network;
        this.chunks = chunks;
        this.manifests = manifests;
        this.ledger = ledger;
        this.seller = seller;
    }

    /** The result: the listing id is the ciphertext content id (what is announced and downloaded). */
    public record PaidShare(Cid contentId, Cid plainId, PaidListing listing, EncodedManifest sealed,
                            io.grapevine.node.content.ContentManifest plain) {
    }

    /** The content feature's hook: the payout is parsed for this node's market network. */
    @Override
    public Sealed seal(Path source, long priceSats, String payout) throws IOException {
        Payout parsed;
        try {
            parsed = Payout.parse(payout, network);
        } catch (IllegalArgumentException e) {
            throw new io.grapevine.node.share.InvalidShareException("payout", e.getMessage());
        }
        if (priceSats < Listing.MIN_PRICE_SATS || priceSats > Listing.MAX_PRICE_SATS) {
            throw new io.grapevine.node.share.InvalidShareException("priceSats", "a price must be "
                    + Listing.MIN_PRICE_SATS + ".." + Listing.MAX_PRICE_SATS + " sat (smaller payments are dust)");
        }
        PaidShare share = share(source, priceSats, parsed, io.grapevine.node.content.Chunker.DEFAULT_CHUNK_SIZE);
        return new Sealed(share.sealed(), share.plain());
    }

    public PaidShare share(Path source, long priceSats, Payout payout, int chunkSize) throws IOException {
        if (priceSats < Listing.MIN_PRICE_SATS || priceSats > Listing.MAX_PRICE_SATS) {
            throw new IllegalArgumentException("price must be " + Listing.MIN_PRICE_SATS + ".."
                    + Listing.MAX_PRICE_SATS + " sat");
        }
        ContentKey key = ContentKey.generate();
        ChunkCipher cipher = new ChunkCipher(key);
        SealedChunker sealedChunks = new SealedChunker(chunkSize, chunks);
        EncodedManifest plain = new Chunker(chunkSize).chunk(source,
                (index, id, data) -> sealedChunks.write(cipher.encrypt(index, data)));
        sealedChunks.finish();
        if (!plain.chunkLists().isEmpty()) {
            throw new InvalidContentException("a paid share must fit one root manifest (at most 65,536 chunks)");
        }
        if (sealedChunks.total() == 0) {
            throw new InvalidContentException("a paid share needs at least one byte");
        }
        String name = FileNames.validate(source.toAbsolutePath().normalize().getFileName() + SEALED_SUFFIX);
        EncodedManifest sealed = ManifestCodec.encode(chunkSize,
                List.of(new ContentFile(name, sealedChunks.total(), MediaTypes.UNKNOWN, 0)), sealedChunks.digests());
        manifests.put(sealed);
        Listing listing = new Listing(sealed.id().toString(), seller.publicKey(), priceSats, payout,
                key.commitment());
        PaidListing paid = new PaidListing(listing, key, plain.root(), payout, Optional.empty());
        ledger.putListing(paid);
        return new PaidShare(sealed.id(), plain.id(), paid, sealed, ManifestCodec.resolve(plain));
    }
}
