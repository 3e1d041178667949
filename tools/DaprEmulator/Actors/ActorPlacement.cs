using DaprEmulator.Core;

namespace DaprEmulator.Actors;

/// <summary>Which running instances host which actor types (what the placement service tells daprd).</summary>
internal sealed class ActorPlacement
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<AppInstance>> _hosts = new(StringComparer.Ordinal);

    public void Add(AppInstance instance)
    {
        lock (_lock)
        {
            foreach (var type in instance.ActorTypes)
            {
                if (!_hosts.TryGetValue(type, out var list))
                {
                    _hosts[type] = list = [];
                }

                list.Add(instance);
                list.Sort((a, b) => a.InstanceId.CompareTo(b.InstanceId));
            }
        }
    }

    public void Remove(AppInstance instance)
    {
        lock (_lock)
        {
            foreach (var list in _hosts.Values)
            {
                list.Remove(instance);
            }
        }
    }

    public bool IsHosted(string type)
    {
        lock (_lock)
        {
            return _hosts.TryGetValue(type, out var list) && list.Count > 0;
        }
    }

    public bool Hosts(AppInstance instance)
    {
        lock (_lock)
        {
            return _hosts.Values.Any(l => l.Contains(instance));
        }
    }

    /// <summary>The instance an actor id is placed on: stable while the set of hosts does not change.</summary>
    public AppInstance? Resolve(ActorKey key)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(key.Type, out var list) || list.Count == 0)
            {
                return null;
            }

            var hash = 2166136261u;
            foreach (var c in key.Id)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return list[(int)(hash % (uint)list.Count)];
        }
    }
}
