using System.Collections;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Environments;

/// <summary>
/// The turn's copy of an environment's recent check-ins, ordered by date_added. It is sized for the
/// turn's inserts up front and, once the window is full, inserts and trims in place, so that freezing
/// usually hands over its array instead of copying it.
/// </summary>
internal sealed class CheckInBuffer : IReadOnlyList<CheckIn>
{
    private CheckIn[] _items;
    private int _count;

    public CheckInBuffer(IReadOnlyList<CheckIn> source, int capacity)
    {
        _count = source.Count;
        _items = new CheckIn[Math.Max(capacity, _count)];
        for (var i = 0; i < _count; i++)
        {
            _items[i] = source[i];
        }
    }

    public int Count => _count;

    public CheckIn this[int index] => index < _count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Replace(int index, CheckIn checkIn)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        _items[index] = checkIn;
    }

    /// <summary>
    /// Inserts in date_added order (after equal ones), then drops check-ins while there are more than
    /// <paramref name="bound"/>: each time the oldest finished one, or the oldest when all are running.
    /// </summary>
    public void Insert(CheckIn checkIn, int bound)
    {
        var index = _count;
        while (index > 0 && _items[index - 1].DateAdded > checkIn.DateAdded)
        {
            index--;
        }

        if (_count == bound)
        {
            InsertIntoFull(checkIn, index);
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(_count + 1, Math.Min(bound, _count * 2)));
        }

        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = checkIn;
        _count++;
        while (_count > bound)
        {
            var dropped = OldestDroppable(index: -1, checkIn: null);
            Array.Copy(_items, dropped + 1, _items, dropped, _count - dropped - 1);
            _items[--_count] = null!;
        }
    }

    /// <summary>The window is full: insert and drop one in a single move, without growing the array.</summary>
    private void InsertIntoFull(CheckIn checkIn, int index)
    {
        var dropped = OldestDroppable(index, checkIn);
        if (dropped == index)
        {
            // The new check-in itself is the one to drop.
            return;
        }

        if (dropped < index)
        {
            Array.Copy(_items, dropped + 1, _items, dropped, index - 1 - dropped);
            _items[index - 1] = checkIn;
        }
        else
        {
            // Position 'dropped' counts the new check-in, so the one dropped is _items[dropped - 1].
            Array.Copy(_items, index, _items, index + 1, dropped - 1 - index);
            _items[index] = checkIn;
        }
    }

    /// <summary>
    /// A running check-in must stay to be timed out: the position of the oldest finished one, else 0. With
    /// <paramref name="checkIn"/>, positions count it as inserted at <paramref name="index"/>.
    /// </summary>
    private int OldestDroppable(int index, CheckIn? checkIn)
    {
        var length = checkIn is null ? _count : _count + 1;
        for (var i = 0; i < length; i++)
        {
            var item = checkIn is null || i < index ? _items[i] : i == index ? checkIn : _items[i - 1];
            if (item.Status != CheckInStatus.InProgress)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>The check-ins as an array of exactly <see cref="Count"/>; the buffer must not be used afterwards.</summary>
    public CheckIn[] Freeze()
    {
        if (_count == _items.Length)
        {
            return _items;
        }

        var frozen = new CheckIn[_count];
        Array.Copy(_items, frozen, _count);
        return frozen;
    }

    public IEnumerator<CheckIn> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
