using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments.PopGym;

/// <summary>Which property of a card a task looks at.</summary>
public enum CardAttribute
{
    /// <summary>Black or red: 2 values, <c>card % 2</c>.</summary>
    Color,

    /// <summary>One of 4 suits, <c>card % 4</c>.</summary>
    Suit,

    /// <summary>One of 13 ranks (ace = 0 … king = 12), <c>(card / 4) % 13</c>.</summary>
    Rank,
}

/// <summary>
/// One or more shuffled 52-card decks, dealt in a fixed order after each <see cref="Shuffle"/>. Card ids are
/// 0 … 52·decks − 1 with POPGym's layout: suit = id % 4, rank = (id / 4) % 13, colour = id % 2.
/// </summary>
public sealed class CardDeck
{
    /// <summary>Cards in one deck.</summary>
    public const int CardsPerDeck = 52;

    private readonly int[] _order;

    /// <summary>Creates <paramref name="decks"/> decks in id order; call <see cref="Shuffle"/> before dealing.</summary>
    public CardDeck(int decks)
    {
        Guard.Positive(decks, nameof(decks));
        Decks = decks;
        _order = new int[CardsPerDeck * decks];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
    }

    /// <summary>Number of combined decks.</summary>
    public int Decks { get; }

    /// <summary>Total number of cards, 52 · <see cref="Decks"/>.</summary>
    public int Count => _order.Length;

    /// <summary>The id of the card dealt at <paramref name="position"/> (0 = first card dealt).</summary>
    public int this[int position] => _order[position];

    /// <summary>Draws a fresh uniform permutation (every card back in the deck).</summary>
    public void Shuffle(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        rng.Shuffle(_order.AsSpan());
    }

    /// <summary>Number of distinct values of <paramref name="attribute"/>: 2, 4 or 13.</summary>
    public static int ValueCount(CardAttribute attribute) => attribute switch
    {
        CardAttribute.Color => 2,
        CardAttribute.Suit => 4,
        CardAttribute.Rank => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Unknown card attribute."),
    };

    /// <summary>The value of <paramref name="attribute"/> for card <paramref name="card"/>.</summary>
    public static int Value(int card, CardAttribute attribute) => attribute switch
    {
        CardAttribute.Color => card % 2,
        CardAttribute.Suit => card % 4,
        CardAttribute.Rank => card / 4 % 13,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Unknown card attribute."),
    };

    /// <summary>The suit (0–3) of card <paramref name="card"/>.</summary>
    public static int Suit(int card) => card % 4;

    /// <summary>The rank (0–12) of card <paramref name="card"/>.</summary>
    public static int Rank(int card) => card / 4 % 13;

    /// <summary>The value of <paramref name="attribute"/> for the card dealt at <paramref name="position"/>.</summary>
    public int ValueAt(int position, CardAttribute attribute) => Value(_order[position], attribute);
}
