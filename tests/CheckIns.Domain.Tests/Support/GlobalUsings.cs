global using CheckIns.Domain.Tests.Support;
global using static CheckIns.Domain.Tests.Support.Harness;
