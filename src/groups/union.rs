//! Disjoint sets: articles joined pair by pair into groups.

pub struct Union {
    parent: Vec<u32>,
}

impl Union {
    pub fn new(len: usize) -> Union {
        Union { parent: (0..len as u32).collect() }
    }

    pub fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] as usize != i {
            let grandparent = self.parent[self.parent[i] as usize];
            self.parent[i] = grandparent;
            i = grandparent as usize;
        }
        i
    }

    pub fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b) as u32;
        }
    }

    /// The root of every element.
    pub fn roots(mut self) -> Vec<usize> {
        (0..self.parent.len()).map(|i| self.root(i)).collect()
    }
}
