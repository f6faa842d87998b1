namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym Concentration (original rules): N cards lie face down; flip two at a time and keep matching pairs face up.
/// Easy: 1 deck matched by colour (T = 2); Medium: 2 decks by colour; Hard: 1 deck by rank (T = 13).
/// <para>Observation (N·(T + 1) floats): for each position p, a one-hot block of T + 1 at [p·(T + 1)]: the card's
/// type when it is face up or in play (including the card(s) just flipped), else the extra class T (face down).
/// Actions: N (the position to flip).</para>
/// <para>Rewards, with L = ⌈2N − N/(2N − 1)⌉ (104 for N = 52): flipping a card that is already face up gives
/// −(cards in play, counting it)/L and turns the in-play cards back; completing a matching pair of two different
/// positions gives +1/(N/2) and leaves both face up; any other completed pair gives −2/L and turns both back.
/// The episode is <see cref="StepResult.Terminated"/> when every card is face up and
/// <see cref="StepResult.Truncated"/> at step L. Return ∈ [−1, 1].</para>
/// </summary>
public sealed class Concentration : EpisodicEnvironment
{
    private readonly CardDeck _deck;
    private readonly CardAttribute _attribute;
    private readonly int[] _types;
    private readonly bool[] _faceUp;
    private int _faceUpCount;
    private int _inPlay0 = -1;
    private int _inPlay1 = -1;
    private int _inPlayCount;
    private int _step;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public Concentration(PopGymDifficulty difficulty, ulong seed)
        : this(difficulty, Layout(difficulty), seed)
    {
    }

    private Concentration(PopGymDifficulty difficulty, (int Decks, CardAttribute Attribute) layout, ulong seed)
        : base("Concentration" + difficulty,
               CardDeck.CardsPerDeck * layout.Decks * (CardDeck.ValueCount(layout.Attribute) + 1),
               ActionSpace.Discrete(CardDeck.CardsPerDeck * layout.Decks), seed)
    {
        _deck = new CardDeck(layout.Decks);
        _attribute = layout.Attribute;
        TypeCount = CardDeck.ValueCount(layout.Attribute);
        int n = _deck.Count;
        _types = new int[n];
        _faceUp = new bool[n];
        EpisodeLimit = (int)Math.Ceiling(2.0 * n - n / (2.0 * n - 1));
    }

    private static (int, CardAttribute) Layout(PopGymDifficulty difficulty) => difficulty switch
    {
        PopGymDifficulty.Easy => (1, CardAttribute.Color),
        PopGymDifficulty.Medium => (2, CardAttribute.Color),
        PopGymDifficulty.Hard => (1, CardAttribute.Rank),
        _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
    };

    /// <summary>Distinct card types T (the face-down class is T).</summary>
    public int TypeCount { get; }

    /// <summary>Cards on the table, N.</summary>
    public int CardCount => _deck.Count;

    /// <summary>The step cap L = ⌈2N − N/(2N − 1)⌉.</summary>
    public int EpisodeLimit { get; }

    /// <summary>The type of the card at <paramref name="position"/> (hidden state, for tests and oracles).</summary>
    internal int TypeAt(int position) => _types[position];

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _deck.Shuffle(Rng);
        for (int p = 0; p < _types.Length; p++) _types[p] = _deck.ValueAt(p, _attribute);
        Array.Clear(_faceUp);
        _faceUpCount = 0;
        _inPlayCount = 0;
        _inPlay0 = _inPlay1 = -1;
        _step = 0;
        Render(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        bool truncated = _step >= EpisodeLimit - 1;
        bool terminated = false;
        double reward = 0;

        if (_inPlayCount == 0) _inPlay0 = action; else _inPlay1 = action;
        _inPlayCount++;
        Render(observation);

        bool tryingFaceUp = _faceUp[_inPlay0] || (_inPlayCount == 2 && _faceUp[_inPlay1]);
        if (tryingFaceUp)
        {
            reward = -(double)_inPlayCount / EpisodeLimit;
            ClearInPlay();
        }
        else if (_inPlayCount == 2)
        {
            if (_inPlay0 != _inPlay1 && _types[_inPlay0] == _types[_inPlay1])
            {
                reward = 1.0 / (_deck.Count / 2);
                _faceUp[_inPlay0] = _faceUp[_inPlay1] = true;
                _faceUpCount += 2;
                terminated = _faceUpCount == _deck.Count;
            }
            else
            {
                reward = -2.0 / EpisodeLimit;
            }
            ClearInPlay();
        }

        _step++;
        return new StepResult(reward, terminated, truncated);
    }

    private void ClearInPlay()
    {
        _inPlayCount = 0;
        _inPlay0 = _inPlay1 = -1;
    }

    private void Render(Span<float> observation)
    {
        int block = TypeCount + 1;
        for (int p = 0; p < _types.Length; p++)
        {
            bool visible = _faceUp[p] || (_inPlayCount > 0 && _inPlay0 == p) || (_inPlayCount > 1 && _inPlay1 == p);
            observation[p * block + (visible ? _types[p] : TypeCount)] = 1f;
        }
    }
}
