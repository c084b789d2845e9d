package io.p2law.family.web;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.RandomAccess;

import io.p2law.family.internal.CheckpointInput;

/**
 * One CSV run's checkpoints as primitive arrays (16 bytes a checkpoint) behind the list of
 * {@link CheckpointInput} the validator reads: a boxed object per row cost about 70 bytes, and a
 * 10M-checkpoint upload ran out of a 512 MB heap before it was validated. A missing cell is kept as
 * a bit, so the validator still sees it as null.
 */
final class CompactCheckpoints extends AbstractList<CheckpointInput> implements RandomAccess {

    private long[] tokens = new long[16];
    private double[] losses = new double[16];
    private final BitSet missingTokens = new BitSet();
    private final BitSet missingLoss = new BitSet();
    private int size;

    void add(Long tokensCell, Double lossCell) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
            losses = Arrays.copyOf(losses, size * 2);
        }
        if (tokensCell == null) {
            missingTokens.set(size);
        } else {
            tokens[size] = tokensCell;
        }
        if (lossCell == null) {
            missingLoss.set(size);
        } else {
            losses[size] = lossCell;
        }
        size++;
    }

    @Override
    public CheckpointInput get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return new CheckpointInput(missingTokens.get(index) ? null : tokens[index],
                missingLoss.get(index) ? null : losses[index]);
    }

    @Override
    public int size() {
        return size;
    }
}
