namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym CountRecall (original rules): two independent shuffled decks deal a value card and a query card each step;
/// the agent must say how many value cards of the queried type it has seen so far.
/// Easy: 1 deck, colours (T = 2); Medium: 2 decks, suits (T = 4); Hard: 4 decks, ranks (T = 13); N = 52·decks.
/// <para>Observation (2T floats): [one-hot value type, one-hot query type] of the cards just dealt.
/// Actions: N/T + 1 (a count 0 … N/T; the original's <c>max_card_count</c> + 1 so that every count is sayable).</para>
/// <para>Reset deals pair 0. Each step rewards ±1/(N − 1) for action == the number of value cards dealt so far,
/// including the current one, whose type equals the current query; then it deals the next pair. N − 1 steps, the
/// last one <see cref="StepResult.Terminated"/>. Return ∈ [−1, 1].</para>
/// </summary>
public sealed class CountRecall : EpisodicEnvironment
{
    private readonly CardDeck _values;
    private readonly CardDeck _queries;
    private readonly CardAttribute _attribute;
    private readonly int[] _counts;
    private int _dealt;
    private int _query;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public CountRecall(PopGymDifficulty difficulty, ulong seed)
        : this(difficulty, Layout(difficulty), seed)
    {
    }

    private CountRecall(PopGymDifficulty difficulty, (int Decks, CardAttribute Attribute) layout, ulong seed)
        : base("CountRecall" + difficulty, 2 * CardDeck.ValueCount(layout.Attribute),
               ActionSpace.Discrete(CardDeck.CardsPerDeck * layout.Decks / CardDeck.ValueCount(layout.Attribute) + 1), seed)
    {
        _attribute = layout.Attribute;
        _values = new CardDeck(layout.Decks);
        _queries = new CardDeck(layout.Decks);
        TypeCount = CardDeck.ValueCount(layout.Attribute);
        _counts = new int[TypeCount];
    }

    private static (int, CardAttribute) Layout(PopGymDifficulty difficulty) => difficulty switch
    {
        PopGymDifficulty.Easy => (1, CardAttribute.Color),
        PopGymDifficulty.Medium => (2, CardAttribute.Suit),
        PopGymDifficulty.Hard => (4, CardAttribute.Rank),
        _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
    };

    /// <summary>Distinct card types T.</summary>
    public int TypeCount { get; }

    /// <summary>Cards per deck stack, N.</summary>
    public int CardCount => _values.Count;

    /// <summary>Steps per episode, N − 1.</summary>
    public int EpisodeLength => _values.Count - 1;

    /// <summary>The count that scores at the next step.</summary>
    public int TargetCount => _counts[_query];

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _values.Shuffle(Rng);
        _queries.Shuffle(Rng);
        Array.Clear(_counts);
        _dealt = 0;
        Deal(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        int previousCount = _counts[_query];
        _dealt++;
        Deal(observation);
        double scale = 1.0 / (_values.Count - 1);
        bool terminated = _dealt == _values.Count - 1;
        return new StepResult(action == previousCount ? scale : -scale, terminated, false);
    }

    private void Deal(Span<float> observation)
    {
        int value = _values.ValueAt(_dealt, _attribute);
        _query = _queries.ValueAt(_dealt, _attribute);
        _counts[value]++;
        observation[value] = 1f;
        observation[TypeCount + _query] = 1f;
    }
}
